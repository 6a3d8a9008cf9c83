"""The annual report: composed from every app's contribution plus the partnership records no
other app owns; driven through its workflow; frozen as an immutable snapshot on publication."""
