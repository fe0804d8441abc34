"""The portal is Vietnamese whatever the browser asks for; the switch makes it English."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_vietnamese_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_the_language_cookie_switches_to_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_an_unknown_language_in_the_cookie_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "vi"
