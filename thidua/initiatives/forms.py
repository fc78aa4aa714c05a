"""Forms for submitting an initiative, evidence, the council, scores, decisions and the library."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.org.models import Person, Unit

from .models import ApplicationKind, InitiativeField, Level
from .uploads import ACCEPT, check_upload

DATE_WIDGET = {"widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}
MAX_AUTHORS = 6


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Tên sáng kiến"), max_length=300)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=InitiativeField.choices)
    problem = forms.CharField(
        label=_("Thực trạng, vấn đề cần giải quyết"), widget=forms.Textarea(attrs={"rows": 3})
    )
    solution = forms.CharField(
        label=_("Nội dung giải pháp"), widget=forms.Textarea(attrs={"rows": 4})
    )
    novelty = forms.CharField(
        label=_("Tính mới của giải pháp"), widget=forms.Textarea(attrs={"rows": 3})
    )
    applied_where = forms.CharField(label=_("Nơi áp dụng"), max_length=300)
    applied_since = forms.DateField(label=_("Áp dụng từ ngày"), **DATE_WIDGET)
    application_kind = forms.ChoiceField(
        label=_("Hình thức áp dụng"), choices=ApplicationKind.choices
    )
    effect = forms.CharField(
        label=_("Hiệu quả (nêu số liệu đo được nếu có)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(p.staff_code, f"{p.full_name} ({p.staff_code})") for p in people]
        self.people = {p.staff_code: p for p in people}
        for index in range(MAX_AUTHORS):
            number = index + 1
            self.fields[f"author_{index}"] = forms.ChoiceField(
                label=_("Tác giả %(n)s") % {"n": number}, choices=choices, required=index == 0
            )
            self.fields[f"share_{index}"] = forms.DecimalField(
                label=_("Tỷ lệ đóng góp của tác giả %(n)s (%%)") % {"n": number},
                required=False,
                min_value=Decimal("0.01"),
                max_value=Decimal(100),
                decimal_places=2,
            )

    def author_rows(self):
        """(author field, share field) pairs, for the template."""
        return [(self[f"author_{i}"], self[f"share_{i}"]) for i in range(MAX_AUTHORS)]

    def content_fields(self):
        return [self[name] for name in self.fields if not name.startswith(("author_", "share_"))]

    def clean(self):
        data = super().clean()
        authors = []
        for index in range(MAX_AUTHORS):
            code = data.get(f"author_{index}")
            share = data.get(f"share_{index}")
            if not code:
                if share:
                    self.add_error(f"author_{index}", _("Chọn tác giả cho tỷ lệ đã nhập."))
                continue
            if share is None:
                self.add_error(f"share_{index}", _("Nhập tỷ lệ đóng góp của tác giả này."))
                continue
            authors.append((self.people[code], share))
        data["authors"] = authors
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        content = {
            k: v for k, v in data.items() if not k.startswith(("author_", "share_", "authors"))
        }
        return {"authors": data["authors"], **content}


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Tài liệu minh chứng (PDF, JPG, PNG, DOCX, XLSX; tối đa 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"]) from error
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def criteria_lines(text: str) -> list[tuple[str, str, Decimal]]:
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise forms.ValidationError(
                _("Dòng %(n)s: cần dạng “mã | tên tiêu chí | điểm tối đa”.") % {"n": number}
            )
        try:
            points = Decimal(parts[2].replace(",", "."))
        except ArithmeticError as error:
            raise forms.ValidationError(
                _("Dòng %(n)s: điểm tối đa không phải là số.") % {"n": number}
            ) from error
        rows.append((parts[0], parts[1], points))
    if not rows:
        raise forms.ValidationError(_("Cần ít nhất một tiêu chí."))
    return rows


class CouncilForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Tên hội đồng"), max_length=200)
    governing_body = forms.CharField(label=_("Cơ quan chủ quản"), max_length=200, required=False)
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    place = forms.CharField(label=_("Địa danh"), max_length=100)
    minutes_issuer_code = forms.CharField(label=_("Ký hiệu biên bản"), max_length=30)
    decision_issuer_code = forms.CharField(
        label=_("Ký hiệu quyết định công nhận"), max_length=30, required=False
    )
    chair_name = forms.CharField(label=_("Chủ tịch hội đồng"), max_length=150, required=False)
    secretary_name = forms.CharField(label=_("Thư ký hội đồng"), max_length=150, required=False)
    pass_mark = forms.DecimalField(label=_("Điểm đạt"), min_value=Decimal("0.01"))
    vote_threshold_percent = forms.IntegerField(
        label=_("Tỷ lệ biểu quyết (%, đồng ý phải vượt quá)"), min_value=0, max_value=100
    )
    min_coauthor_share = forms.DecimalField(
        label=_("Tỷ lệ đóng góp tối thiểu của đồng tác giả (%)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
    )
    criteria = forms.CharField(
        label=_("Tiêu chí chấm điểm (mỗi dòng: mã | tên tiêu chí | điểm tối đa)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_criteria(self):
        return criteria_lines(self.cleaned_data["criteria"])


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Ngày họp"), **DATE_WIDGET)
    place = forms.CharField(label=_("Địa điểm họp"), max_length=200, required=False)
    initiatives = forms.MultipleChoiceField(
        label=_("Sáng kiến đưa ra xét duyệt"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(i.pk): i for i in candidates}
        self.fields["initiatives"].choices = [(str(i.pk), i.title) for i in candidates]

    def chosen(self):
        return [self.candidates[pk] for pk in self.cleaned_data["initiatives"]]


class ScoreForm(forms.Form):
    recognise = forms.TypedChoiceField(
        label=_("Biểu quyết"),
        choices=[("yes", _("Đồng ý đề nghị công nhận")), ("no", _("Không đồng ý"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c_{criterion.code}"] = forms.DecimalField(
                label=_("%(name)s (tối đa %(max)s)")
                % {"name": criterion.name, "max": f"{criterion.max_points.normalize():f}"},
                min_value=Decimal(0),
                max_value=criterion.max_points,
                decimal_places=2,
            )

    def points(self) -> dict[str, Decimal]:
        return {c.code: self.cleaned_data[f"c_{c.code}"] for c in self.criteria}


class DecisionForm(forms.Form):
    issued_on = forms.DateField(label=_("Ngày quyết định"), **DATE_WIDGET)
    initiatives = forms.MultipleChoiceField(
        label=_("Sáng kiến được công nhận"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(i.pk): i for i in candidates}
        self.fields["initiatives"].choices = [(str(i.pk), i.title) for i in candidates]

    def chosen(self):
        return [self.candidates[pk] for pk in self.cleaned_data["initiatives"]]


class RecognitionForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Cấp công nhận"),
        choices=[(Level.TINH, Level.TINH.label), (Level.TOAN_QUOC, Level.TOAN_QUOC.label)],
    )
    decision_code = forms.CharField(label=_("Số quyết định"), max_length=60)
    decided_on = forms.DateField(label=_("Ngày quyết định"), **DATE_WIDGET)
    issuer_name = forms.CharField(label=_("Cơ quan công nhận"), max_length=200)


class UsedForm(forms.Form):
    title_code = forms.ChoiceField(label=_("Danh hiệu"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        from thidua.rules.codes import INDIVIDUAL_LADDER, TITLE_NAMES

        super().__init__(*args, **kwargs)
        codes = (*INDIVIDUAL_LADDER, "BK_TINH", "BK_TTG", "GIAY_KHEN")
        self.fields["title_code"].choices = [(c, TITLE_NAMES[c]) for c in codes]


class ExemplarForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Cá nhân"), queryset=Person.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("Tập thể"), queryset=Unit.objects.none(), required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    write_up = forms.CharField(
        label=_("Giới thiệu điển hình"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["person"].queryset = Person.objects.filter(agency=agency, is_active=True)
            self.fields["unit"].queryset = Unit.objects.subtree(agency).filter(
                kind="division", is_active=True
            )

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("unit")):
            self.add_error("person", _("Chọn một cá nhân hoặc một tập thể (không chọn cả hai)."))
        return data


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), required=False, choices=[("", _("Tất cả"))] + InitiativeField.choices
    )
    year = forms.IntegerField(
        label=_("Năm công nhận"), required=False, min_value=2000, max_value=2100
    )
    level = forms.ChoiceField(
        label=_("Cấp công nhận"), required=False, choices=[("", _("Tất cả"))] + Level.choices
    )
