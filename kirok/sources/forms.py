"""Forms for sources and evidence passages: what a documenter types, checked before saving.

Every message says what is wrong and where, in the reader's language. Files are judged by
their bytes (kirok.lib.file_types); dates accept EDTF or a phrase the dates library reads.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kirok.accounts.models import Case
from kirok.lib import dates, file_types, passages, text_extraction
from kirok.records.date_messages import explain
from kirok.sources.models import Source
from kirok.sources.services import Upload
from kirok.vocabularies.models import Term

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
MAX_TEXT_CHARACTERS = 500_000
LANGUAGE_CHOICES = [
    ("", _("Not stated")),
    ("ko", _("Korean")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
]


def edtf_or_phrase(value: str) -> str:
    """The EDTF value of what was typed (``2012-11``, "early November 2012", "2010년경").

    >>> edtf_or_phrase("2010년경")  # doctest: +SKIP
    '2010~'
    """
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return dates.bounds(dates.normalise(value)).edtf
    except dates.InvalidDate:
        pass
    try:
        return dates.parse(value).edtf
    except dates.DateError as error:
        raise ValidationError(
            gettext("This date cannot be read: %(reason)s") % {"reason": explain(error)},
            code="invalid_date",
        ) from None


class TermChoiceField(forms.ModelChoiceField):
    """A vocabulary term by its label in the reader's language."""

    def label_from_instance(self, obj: Term) -> str:
        return obj.label


def provider_field() -> forms.Field:
    """The organization that provided a source (a partner NGO, a UN body …), picked from
    suggestions: estimation can count an organization's sources as one list."""
    from kirok.records.forms import organization_field

    field = organization_field(_("Organization that provided it"))
    field.help_text = _("Optional. A partner's list, for example: the partner organization.")
    return field


class SourceForm(forms.ModelForm):
    """A source's details, its cases (among those the user edits in) and an optional file.

    ``editable_cases`` is the queryset of cases the user may put the source in. On an edit,
    ``version`` carries the version the form started from (kirok.sources.services).
    """

    cases = forms.ModelMultipleChoiceField(
        queryset=Case.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Cases"),
        help_text=_("Who may see this source: the members of these cases."),
        error_messages={"required": _("Choose at least one case for this source.")},
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Source
        fields = [
            "title",
            "kind",
            "reliability",
            "credibility",
            "language",
            "author",
            "organization",
            "published_date",
            "collected_date",
            "reference",
            "is_public_material",
            "consent_store",
            "consent_share_un",
            "consent_publish",
            "text",
            "notes",
        ]
        field_classes = dict.fromkeys(("kind", "reliability", "credibility"), TermChoiceField)
        widgets = {
            "title": forms.TextInput,
            "author": forms.TextInput,
            "reference": forms.TextInput,
            "published_date": forms.TextInput,
            "collected_date": forms.TextInput,
            "language": forms.Select(choices=LANGUAGE_CHOICES),
            "text": forms.Textarea(attrs={"rows": 12}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "published_date": _("EDTF or words, e.g. 2012-11, 2019~, early November 2012."),
            "collected_date": _("EDTF or words, e.g. 2012-11, 2019~, early November 2012."),
            "text": _(
                "Paste the text of the source. If left empty, the text of an attached "
                "document (text, web page, PDF, Word, e-mail) fills it."
            ),
        }

    # The text and its file together; who may see it last, where the form is submitted.
    field_order = [
        *("title", "kind", "reliability", "credibility", "language", "author", "organization"),
        *("published_date", "collected_date", "reference", "text", "file", "notes"),
        *("is_public_material", "consent_store", "consent_share_un", "consent_publish"),
        "cases",
    ]

    def __init__(self, *args, editable_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = editable_cases
        self.fields["kind"].queryset = Term.objects.of("source_kind")
        self.fields["reliability"].queryset = Term.objects.of("source_reliability")
        self.fields["credibility"].queryset = Term.objects.of("information_credibility")
        self.fields["organization"] = provider_field()
        # Said here, not in the field: formatted at import, it stayed in the default language.
        self.fields["file"].help_text = gettext(
            "Optional. A document, image or recording, up to %(size)s."
        ) % {"size": filesizeformat(MAX_ATTACHMENT_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in file_types.accepted_extensions()
        )
        if self.instance.pk:
            self.fields["cases"].initial = [
                case for case in self.instance.cases.all() if case in editable_cases
            ]
            self.fields["version"].initial = self.instance.version
        self.upload: Upload | None = None
        self.extraction_warnings: list[str] = []

    def clean_published_date(self) -> str:
        return edtf_or_phrase(self.cleaned_data.get("published_date", ""))

    def clean_collected_date(self) -> str:
        return edtf_or_phrase(self.cleaned_data.get("collected_date", ""))

    def clean_text(self) -> str:
        # Browsers send line ends as \r\n and show them as \n: one form, so that offsets
        # taken from a selection in the page index the stored text.
        text = self.cleaned_data.get("text", "").replace("\r\n", "\n").replace("\r", "\n")
        return self._checked_text(text)

    def _checked_text(self, text: str) -> str:
        if len(text) > MAX_TEXT_CHARACTERS:
            raise ValidationError(
                gettext("The text is too long: at most %(limit)s characters.")
                % {"limit": f"{MAX_TEXT_CHARACTERS:,}"},
                code="too_long",
            )
        return text

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded:
            return None
        if uploaded.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                gettext("The file is %(size)s; files may be at most %(limit)s.")
                % {
                    "size": filesizeformat(uploaded.size),
                    "limit": filesizeformat(MAX_ATTACHMENT_BYTES),
                },
                code="too_large",
            )
        name = file_types.safe_filename(uploaded.name)
        data = uploaded.read()
        # The same checks and extraction as `kirok ingest` (kirok.sources.ingest): a hostile
        # file is refused before it is parsed, and a document's text is read once, here.
        from kirok.sources.ingest import limits_from_settings

        try:
            kind = file_types.identify(data, name)
            extracted = text_extraction.extract(data, name, limits_from_settings())
        except file_types.RefusedFile as refusal:
            raise ValidationError(refusal_message(refusal, name), code="refused_file") from None
        self.upload = Upload(name, data, kind.mime_type, extracted)
        self.extraction_warnings = [notice_message(notice) for notice in extracted.warnings]
        return uploaded

    def clean(self) -> dict:
        cleaned = super().clean()
        extracted = self.upload.extracted if self.upload else None
        if not cleaned.get("text") and extracted is not None and extracted.text:
            try:
                cleaned["text"] = self._checked_text(extracted.text)
            except ValidationError as error:
                self.add_error("file", error)
        kind = cleaned.get("kind")
        testimony = kind is not None and kind.code == "testimony"
        if testimony and not cleaned.get("is_public_material") and not cleaned.get("consent_store"):
            self.add_error(
                "consent_store",
                gettext("A testimony may be kept only with the consent of the person who gave it."),
            )
        return cleaned


def refusal_message(refusal: file_types.RefusedFile, name: str) -> str:
    """The refusal in the reader's language (the library speaks English only)."""
    if refusal.code in _REFUSAL_REASONS:
        return gettext("“%(name)s” cannot be kept: %(reason)s") % {
            "name": name,
            "reason": _REFUSAL_REASONS[refusal.code]() % refusal.params,
        }
    if refusal.code == "empty":
        reason = gettext("the file is empty.")
    elif refusal.code == "wrong_extension":
        reason = gettext("its content is %(content)s, but its name ends in “.%(extension)s”.") % (
            refusal.params
        )
    else:
        reason = gettext("this kind of file is not accepted.")
    return gettext("“%(name)s” cannot be kept: %(reason)s Accepted files: %(accepted)s.") % {
        "name": name,
        "reason": reason,
        "accepted": ", ".join(file_types.accepted_extensions()),
    }


# Refusals of a file of an accepted type that is hostile or damaged (kirok.lib.text_extraction).
_REFUSAL_REASONS = {
    "too_large": lambda: gettext("it is larger than Kirok accepts."),
    "zip_bomb": lambda: gettext(
        "it would unpack to far more than its size (%(detail)s), as files built to exhaust "
        "a server do."
    ),
    "too_many_members": lambda: gettext("the %(format)s file holds too many parts."),
    "too_many_pages": lambda: gettext(
        "the PDF has %(pages)s pages; at most %(limit)s are accepted."
    ),
    "malformed": lambda: gettext("the %(format)s file is damaged and cannot be read."),
    "encrypted": lambda: gettext(
        "the PDF is protected by a password. Remove the password and upload it again."
    ),
    "too_slow": lambda: gettext("reading it took longer than %(seconds)s seconds."),
}


def notice_message(notice: text_extraction.Notice) -> str:
    """An extraction warning in the reader's language."""
    if notice.code == "no_text_layer":
        return gettext("The PDF has no text layer (a scan?): type or paste its text.")
    if notice.code == "attachments_ignored":
        return gettext("Files attached to the e-mail were not read: %(names)s.") % notice.params
    return gettext("No text could be taken from the file.")


class EvidenceForm(forms.Form):
    """A passage of a source and the record it supports.

    The passage is given by offsets (filled by selecting it with the mouse, or typed) or by
    its words alone (found in the text if they occur once). ``targets`` maps each choice
    value (``incident:<uuid>``) to a record the reader may see and edit.
    """

    # A CharField with a menu: a value not on the menu gets clean_target's message.
    target = forms.CharField(
        widget=forms.Select,
        label=_("What this passage supports"),
        error_messages={"required": _("Choose the incident, act or person this passage supports.")},
    )
    quote = forms.CharField(
        label=_("Passage"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Select the passage in the text above, or type or paste its exact words."),
    )
    start = forms.IntegerField(label=_("From character"), required=False, min_value=0)
    end = forms.IntegerField(label=_("To character"), required=False, min_value=1)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, text: str, targets: dict, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.text = text
        self.targets = targets
        self.fields["target"].widget.choices = [("", gettext("Choose…")), *choices]
        self.menu = choices  # the page writes the menu out itself (_evidence_form.html)

    def clean_target(self):
        chosen = self.targets.get(self.cleaned_data.get("target"))
        if chosen is None:
            raise ValidationError(gettext("Choose a record you may edit."), code="invalid_target")
        return chosen

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        quote = (cleaned.get("quote") or "").replace("\r\n", "\n")
        if start is None and end is None:
            cleaned["start"], cleaned["end"] = self._find(quote)
        elif start is None or end is None or not 0 <= start < end <= len(self.text):
            raise ValidationError(
                gettext("The passage must lie within the text (characters 0 to %(length)s).")
                % {"length": len(self.text)},
                code="outside_text",
            )
        elif quote and not passages.fits(self.text, start, end, quote):
            raise ValidationError(
                gettext(
                    "The passage does not match the text at characters %(start)s–%(end)s. "
                    "Select it again."
                )
                % {"start": start, "end": end},
                code="quote_mismatch",
            )
        return cleaned

    def _find(self, quote: str) -> tuple[int, int]:
        if not quote.strip():
            raise ValidationError(
                gettext("Select a passage in the text, or type its exact words."),
                code="no_passage",
            )
        places = passages.locate(self.text, quote)
        if not places:
            raise ValidationError(
                gettext("These words are not in the source's text."), code="not_found"
            )
        if len(places) > 1:
            raise ValidationError(
                gettext(
                    "These words occur %(count)s times in the text. Select the passage "
                    "with the mouse, or give its characters."
                )
                % {"count": len(places)},
                code="ambiguous",
            )
        return places[0], places[0] + len(quote)
