"""Smaller holes found by a hostile review: the PDF renderer fetches nothing, rate limits and the
lockout see the client behind a trusted proxy (and only behind a trusted one), working-day
arithmetic refuses a negative count, validation writes nothing."""

import datetime as dt
import struct
import threading
import zlib

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from cscp.models import ReportingYear
from cscp.netaddr import client_ip
from cscp.ratelimit import over_limit
from cscp.reporting import pdf
from cscp.working_days import subtract_working_days

# The PDF names the partnership, read from its record.
pytestmark = pytest.mark.django_db


def _png(path) -> None:
    """A valid 1×1 PNG, so WeasyPrint would embed it if it fetched it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"\x00\xff\x00\x00"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class TestPdfFetchesNothing:
    def test_a_file_url_in_the_body_is_not_read(self, tmp_path):
        image = tmp_path / "secret.png"
        _png(image)
        body = (
            f'<p>Report</p><img src="file://{image}" alt="">'
            f'<link rel="stylesheet" href="file://{tmp_path}/x.css">'
            '<img src="http://127.0.0.1:9/beacon.png" alt="">'
            '<img src="static/cscp.css" alt="">'
        )
        made = pdf.render_pdf(body, title="Annual report", draft=False)
        assert made.startswith(b"%PDF")
        assert b"/Subtype /Image" not in made

    def test_a_data_url_is_still_drawn(self, tmp_path):
        import base64

        image = tmp_path / "dot.png"
        _png(image)
        encoded = base64.b64encode(image.read_bytes()).decode()
        made = pdf.render_pdf(
            f'<img src="data:image/png;base64,{encoded}" alt="">', title="Report", draft=False
        )
        assert b"/Subtype /Image" in made

    @pytest.mark.parametrize(
        "url", ["file:///etc/hostname", "http://127.0.0.1:9/x", "https://example.org/x.css"]
    )
    def test_the_fetcher_refuses_anything_but_data(self, url):
        with pytest.raises(ValueError, match="refused"):
            pdf.url_fetcher(url)


class TestClientAddress:
    def request(self, remote, forwarded=None):
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **meta)

    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXIES = []
        assert client_ip(self.request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"

    def test_behind_a_trusted_proxy_the_forwarded_client_is_used(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        assert client_ip(self.request("10.0.0.2", "198.51.100.1")) == "198.51.100.1"

    def test_a_spoofed_left_hand_entry_is_not_believed(self, settings):
        # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
        settings.TRUSTED_PROXIES = ["10.0.0.2"]
        forwarded = "1.2.3.4, 198.51.100.1"
        assert client_ip(self.request("10.0.0.2", forwarded)) == "198.51.100.1"

    def test_a_chain_of_trusted_proxies_is_walked(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        forwarded = "198.51.100.1, 10.1.1.1"
        assert client_ip(self.request("10.0.0.2", forwarded)) == "198.51.100.1"

    def test_an_untrusted_sender_cannot_choose_its_address(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        assert client_ip(self.request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"

    def test_garbage_in_the_header_falls_back_to_the_proxy(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        assert client_ip(self.request("10.0.0.2", "<script>, nonsense")) == "10.0.0.2"

    def test_rate_limit_counts_each_client_behind_the_proxy(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.2"]
        first = self.request("10.0.0.2", "198.51.100.1")
        second = self.request("10.0.0.2", "198.51.100.2")
        assert not over_limit(first, "test-proxy", limit=1, window=60)
        assert over_limit(first, "test-proxy", limit=1, window=60)
        # Another client behind the same proxy has its own allowance.
        assert not over_limit(second, "test-proxy", limit=1, window=60)

    @pytest.mark.django_db
    def test_lockout_keys_on_the_client_behind_the_proxy(self, settings, agency_lead_user):
        settings.TRUSTED_PROXIES = ["10.0.0.2"]
        username = agency_lead_user.username
        locked = self.request("10.0.0.2", "198.51.100.1")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            authenticate(locked, username=username, password="wrong")
        from axes.models import AccessAttempt

        assert AccessAttempt.objects.get().ip_address == "198.51.100.1"


def test_subtract_working_days_refuses_a_negative_count():
    outcome = []

    def run():
        try:
            outcome.append(subtract_working_days(dt.date(2026, 6, 5), -1))
        except ValueError as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "subtract_working_days looped on a negative count"
    assert isinstance(outcome[0], ValueError)


@pytest.mark.django_db
def test_validating_a_rapid_review_writes_nothing_and_the_service_saves_its_year():
    from reviews import services
    from reviews.models import RapidReview

    assert not ReportingYear.objects.filter(start_year=2019).exists()
    review = RapidReview(
        reference="RR-VALIDATE", la_aware_on=dt.date(2019, 5, 1), incident_type="death"
    )
    review.full_clean()
    assert not ReportingYear.objects.filter(start_year=2019).exists()
    saved = services.rapid_review_save(review=review)
    assert saved.year == ReportingYear.objects.get(start_year=2019)
    assert RapidReview.objects.get(reference="RR-VALIDATE").year.start_year == 2019
