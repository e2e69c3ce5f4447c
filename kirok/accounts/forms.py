"""Forms of the two-factor and confirmation pages (the checks themselves are in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

_CODE_ATTRIBUTES = {
    "autocomplete": "one-time-code",
    "autocapitalize": "none",
    "spellcheck": "false",
    "autofocus": True,
}


class AuthenticatorCodeForm(forms.Form):
    """The six-digit code shown by the authenticator app."""

    code = forms.CharField(
        label=_("Six-digit code from the app"),
        max_length=12,
        widget=forms.TextInput(attrs={**_CODE_ATTRIBUTES, "inputmode": "numeric"}),
    )


class SecondFactorForm(forms.Form):
    """A code from the app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        max_length=40,
        widget=forms.TextInput(attrs=_CODE_ATTRIBUTES),
    )


class ConfirmIdentityForm(forms.Form):
    """The password and, for an account with an authenticator, its current code."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    code = forms.CharField(
        label=_("Six-digit code from the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, needs_code: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["code"]
