from django.urls import path

from kirok.accounts import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.two_factor_settings, name="two_factor"),
    path("two-factor/set-up/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    # POST only, after confirming the password and a code: the old codes stop working.
    path("two-factor/recovery-codes/", views.new_recovery_codes, name="recovery_codes"),
    path("confirm/", views.confirm_identity, name="confirm"),
]
