"""Forms for the plan, its phases and targets, registrations and covenants."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Movement, Section, TargetBase, TargetStrength, TargetSubject
from .titles import COLLECTIVE_TITLES, INDIVIDUAL_TITLES, title_choices

DATE_WIDGET = {"widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}
ITEM_SECTIONS = [
    (Section.PURPOSE, _("I.1. Mục đích (mỗi dòng một ý)")),
    (Section.REQUIREMENT, _("I.2. Yêu cầu (mỗi dòng một ý)")),
    (Section.CONTENT, _("II.2. Nội dung thực hiện (mỗi dòng một ý)")),
    (Section.PHASES_INTRO, _("II.3. Câu dẫn các giai đoạn")),
    (Section.TARGET_COLLECTIVE, _("II.4.a. Chỉ tiêu tập thể – lời văn (mỗi dòng một ý)")),
    (Section.TARGET_INDIVIDUAL, _("II.4.b. Chỉ tiêu cá nhân – lời văn")),
    (Section.ORGANISATION, _("III. Tổ chức thực hiện (mỗi dòng một mục)")),
    (Section.RECIPIENT, _("Nơi nhận (mỗi dòng một nơi)")),
]


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MovementForm(forms.ModelForm):
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, **DATE_WIDGET)
    starts_on = forms.DateField(label=_("Từ ngày"), **DATE_WIDGET)
    ends_on = forms.DateField(label=_("Đến ngày"), **DATE_WIDGET)
    registration_deadline = forms.DateField(
        label=_("Hạn đăng ký thi đua"), required=False, **DATE_WIDGET
    )

    class Meta:
        model = Movement
        fields = [
            "year",
            "kind",
            "parent",
            "title",
            "governing_body",
            "issuing_body",
            "issuer_code",
            "place",
            "issued_on",
            "starts_on",
            "ends_on",
            "registration_deadline",
            "preamble",
            "theme",
            "slogan",
            "closing",
            "signer_authority",
            "signer_position",
            "signer_name",
        ]
        widgets = {
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "closing": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Movement.objects.filter(agency=agency, kind="regular")
        self.fields["parent"].required = False
        self.fields["year"].label = _("Năm")
        for section, label in ITEM_SECTIONS:
            initial = "\n".join(self.instance.items(section)) if self.instance.pk else ""
            self.fields[f"items_{section}"] = forms.CharField(
                label=label,
                required=False,
                initial=initial,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def clean(self):
        data = super().clean()
        if data.get("kind") == "thematic" and not data.get("parent"):
            self.add_error("parent", _("Phong trào chuyên đề phải gắn với phong trào của năm."))
        if data.get("kind") == "regular" and data.get("parent"):
            self.add_error("parent", _("Chỉ phong trào chuyên đề mới gắn với phong trào khác."))
        return data

    def items(self) -> dict[str, list[str]]:
        return {
            section: lines(self.cleaned_data.get(f"items_{section}", ""))
            for section, _label in ITEM_SECTIONS
        }


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Tên giai đoạn"), max_length=100)
    starts_on = forms.DateField(label=_("Từ ngày"), **DATE_WIDGET)
    ends_on = forms.DateField(label=_("Đến ngày"), **DATE_WIDGET)
    description = forms.CharField(
        label=_("Lời văn trong kế hoạch"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


PhaseFormSet = forms.formset_factory(PhaseForm, extra=2, can_delete=True)


BLANK = [("", "—")]


class TargetForm(forms.Form):
    # Blank first choices: an untouched spare row then counts as unchanged and is skipped.
    subject = forms.ChoiceField(label=_("Đối tượng"), choices=BLANK + TargetSubject.choices)
    title_code = forms.ChoiceField(
        label=_("Danh hiệu"),
        choices=BLANK + title_choices(INDIVIDUAL_TITLES + COLLECTIVE_TITLES),
    )
    percent = forms.DecimalField(
        label=_("Tỷ lệ (%)"), min_value=0.01, max_value=100, decimal_places=2
    )
    base = forms.ChoiceField(label=_("Tính trên"), choices=BLANK + TargetBase.choices)
    strength = forms.ChoiceField(label=_("Mức"), choices=BLANK + TargetStrength.choices)
    phase = forms.ChoiceField(label=_("Giai đoạn"), required=False)

    def __init__(self, *args, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("Cả năm"))] + [(p.name, p.name) for p in phases]

    def clean(self):
        data = super().clean()
        subject, base = data.get("subject"), data.get("base")
        if subject == TargetSubject.COLLECTIVE and base and base != TargetBase.ALL_DIVISIONS:
            self.add_error("base", _("Chỉ tiêu tập thể tính trên tổng số tập thể phòng."))
        if subject == TargetSubject.INDIVIDUAL and base == TargetBase.ALL_DIVISIONS:
            self.add_error("base", _("Chỉ tiêu cá nhân tính trên số cá nhân."))
        return data


TargetFormSet = forms.formset_factory(TargetForm, extra=3, can_delete=True)


class LaunchForm(forms.Form):
    number = forms.IntegerField(
        label=_("Số kế hoạch"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Để trống để lấy số tiếp theo trong sổ; nhập số nếu kế hoạch đã có số."),
    )


class RegistrationForm(forms.Form):
    title_code = forms.ChoiceField(label=_("Danh hiệu đăng ký"))

    def __init__(self, *args, collective=False, **kwargs):
        super().__init__(*args, **kwargs)
        codes = COLLECTIVE_TITLES if collective else INDIVIDUAL_TITLES
        self.fields["title_code"].choices = title_choices(codes)


class ReopenForm(forms.Form):
    until = forms.DateField(label=_("Mở lại đăng ký đến ngày"), **DATE_WIDGET)
    reason = forms.CharField(label=_("Lý do"), max_length=500)


class CovenantForm(forms.Form):
    title = forms.CharField(label=_("Tên giao ước"), max_length=300)
    movement = forms.ModelChoiceField(
        label=_("Phong trào"), queryset=Movement.objects.none(), required=False
    )
    signed_on = forms.DateField(label=_("Ngày ký"), required=False, **DATE_WIDGET)
    place = forms.CharField(label=_("Địa điểm ký"), max_length=200, required=False)
    parties = forms.CharField(
        label=_("Các bên (mỗi dòng: Tên bên | Người đại diện | Chức vụ)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    items = forms.CharField(
        label=_("Nội dung cam kết (mỗi dòng một cam kết)"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, movements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if movements is not None:
            self.fields["movement"].queryset = movements

    def clean_parties(self):
        parties = []
        for number, line in enumerate(lines(self.cleaned_data["parties"]), start=1):
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                raise forms.ValidationError(
                    _("Dòng %(n)s: thiếu tên bên tham gia.") % {"n": number}
                )
            parts += ["", ""]
            parties.append(
                {
                    "name": parts[0],
                    "representative_name": parts[1],
                    "representative_position": parts[2],
                }
            )
        if len(parties) < 2:
            raise forms.ValidationError(_("Giao ước cần ít nhất hai bên tham gia."))
        return parties

    def clean_items(self):
        items = lines(self.cleaned_data["items"])
        if not items:
            raise forms.ValidationError(_("Cần ít nhất một nội dung cam kết."))
        return items


SCAN_TYPES = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
}
SCAN_MAX_BYTES = 10 * 1024 * 1024


class CovenantSignForm(forms.Form):
    scan = forms.FileField(
        label=_("Bản giao ước đã ký (PDF, JPG hoặc PNG, tối đa 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_scan(self):
        """The same full check as evidence files (signature, size, whole content, no polyglot);
        the uploaded name is kept only as a label, without any path."""
        from django.core.exceptions import ValidationError

        from thidua.initiatives.uploads import check_upload, extension_of

        upload = self.cleaned_data["scan"]
        if extension_of(upload.name) not in SCAN_TYPES:
            raise forms.ValidationError(_("Chỉ nhận tệp PDF, JPG hoặc PNG."))
        try:
            checked = check_upload(upload)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"]) from error
        upload.name = checked.original_name
        return upload
