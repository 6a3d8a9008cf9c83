#!/usr/bin/env bash
# Mutation testing of the rule modules (README, "Mutation testing"): `make mutation`, or
# `make mutation MODULES="cscp/formatting.py datasets/rules.py"` for some of them.
# Each module is mutated against the few test files that cover it, so a module takes minutes,
# not a run of the whole suite per mutant. Too slow for CI; its score is recorded in README.
# Mutants are mutmut's (its mutation operators), applied and tried one at a time by
# scripts/mutants_check.py, which changes the file in place and puts it back after each:
# it keeps no cache to corrupt (mutmut 2.5's runner stops when its cache is read mid-run,
# decision 0007). It prints KILLED or SURVIVED per mutant (line:index) and survivors' diffs.
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-true}"

declare -A TESTS=(
  [cscp/working_days.py]="tests/cscp/test_core.py::TestWorkingDays tests/reviews/test_clocks.py tests/cscp/test_rule_modules.py"
  [cscp/formatting.py]="tests/cscp/test_rule_modules.py tests/feedback/test_rule_breakages.py"
  [datasets/rules.py]="tests/datasets/test_rules.py tests/datasets/test_rules_edges.py tests/datasets/test_rule_breakages.py -m not_db"
  [cscp/access.py]="tests/cscp/test_access_unit.py tests/cscp/test_core.py::TestAccess"
  [cscp/concurrency.py]="tests/cscp/test_versioned_unit.py tests/cscp/test_concurrency.py tests/cscp/test_concurrency_complete.py tests/cscp/test_versioned_admin.py"
  [datasets/selectors.py]="tests/datasets/test_figures_contract.py tests/datasets/test_year_sets.py tests/datasets/test_wessex_vale_year.py tests/datasets/test_reported_rate.py tests/datasets/test_plausibility.py tests/datasets/test_lead_home.py tests/cscp/test_rounding.py tests/datasets/test_report_and_demo.py tests/datasets/test_views.py"
  [cscp/reporting/checklist.py]="tests/report/test_checklist_rules.py tests/report/test_rule_breakages.py -m not_db"
  [cscp/reporting/compose.py]="tests/report/test_compose.py tests/report/test_rule_breakages.py tests/report/test_templates.py tests/report/test_not_received.py tests/report/test_children.py tests/report/test_document.py tests/datasets/test_public_figures.py"
  [training/services.py]="tests/training/test_booking_rules_unit.py tests/training/test_booking.py tests/training/test_public_booking.py tests/training/test_concurrency.py tests/training/test_register.py tests/training/test_evaluation.py tests/training/test_import.py tests/training/test_scale_build.py"
)
ORDER=(cscp/working_days.py cscp/formatting.py datasets/rules.py cscp/access.py
  cscp/concurrency.py datasets/selectors.py cscp/reporting/checklist.py
  cscp/reporting/compose.py training/services.py)

modules=("$@")
[ ${#modules[@]} -eq 0 ] && modules=("${ORDER[@]}")
for module in "${modules[@]}"; do
  selection="${TESTS[$module]:-}"
  if [ -z "$selection" ]; then
    echo "No test selection for $module (add one to scripts/mutation.sh)" >&2
    exit 1
  fi
  # "-m not_db" in a selection: only the tests that need no database (much faster).
  args=()
  for word in $selection; do
    if [ "$word" = "-m" ] || [ "$word" = "not_db" ]; then continue; fi
    args+=("$word")
  done
  case "$selection" in *"-m not_db"*) args+=(-m "not django_db") ;; esac
  echo "== $module against ${args[*]}"
  .venv/bin/python scripts/mutants_check.py --file "$module" --lines all -- "${args[@]}"
done
