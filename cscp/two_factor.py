"""Two-factor sign-in with a time-based code (TOTP, any authenticator app).

Once a user has a confirmed device, every session must be verified with a code before any
page but the code page and sign-out. With REQUIRE_STAFF_2FA on, partnership-wide roles
(business support, executive, scrutineer) must set a device up before they can go on.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import allow
from .roles import ALL_ROLES, Role

STAFF_ROLES = (Role.BUSINESS_SUPPORT, Role.EXECUTIVE, Role.SCRUTINEER)
EXEMPT_URL_NAMES = {"two_factor_verify", "two_factor_setup", "logout", "login", "health"}


def must_set_up_two_factor(user) -> bool:
    return (
        settings.REQUIRE_STAFF_2FA
        and user.has_role(*STAFF_ROLES)
        and not user_has_device(user, confirmed=True)
    )


def must_verify(user) -> bool:
    # is_verified() reads the session's device (already loaded by django-otp's middleware):
    # a verified user costs no look-up of their devices.
    return not user.is_verified() and user_has_device(user, confirmed=True)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES and not match.namespaces:
            return None
        if must_verify(user):
            return redirect(f"{reverse('two_factor_verify')}?next={request.get_full_path()}")
        if must_set_up_two_factor(user):
            return redirect("two_factor_setup")
        return None


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows now.",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit() or self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(
                "That code is not right. Enter the code your app shows now."
            )
        return token


def qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    # The SVG is produced by qrcode from the URI alone (no user-supplied markup).
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308


@allow(*ALL_ROLES)
def two_factor_setup(request):
    user = request.user
    if user_has_device(user, confirmed=True) and not request.user.is_verified():
        return redirect("two_factor_verify")
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, "Two-factor sign-in is on for your account.")
        return redirect("home")
    return render(
        request,
        "cscp/two_factor_setup.html",
        {
            "form": form,
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "qr": qr_svg(device.config_url),
            "required": must_set_up_two_factor(user),
        },
    )


@allow(*ALL_ROLES)
def two_factor_verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("home")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        target = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("home")
        return redirect(target)
    return render(
        request,
        "cscp/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )
