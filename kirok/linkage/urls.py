from django.urls import path

from kirok.linkage import views

app_name = "linkage"
urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("decide/", views.decide_many, name="decide_many"),
    path("pairs/<uuid:public_id>/", views.pair_detail, name="pair"),
    path("pairs/<uuid:public_id>/decide/", views.decide, name="decide"),
    path("identities/<uuid:public_id>/", views.identity_detail, name="identity"),
    path("identities/<uuid:public_id>/undo/", views.identity_undo, name="identity_undo"),
]
