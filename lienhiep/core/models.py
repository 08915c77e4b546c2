"""Base model mixins shared by every app, and the one table of core's plumbing: spreadsheets written in the
background (`Export`, core/exports.py). No domain tables live here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    WRITING = "writing", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# The moves an export may make; core.exports makes each one.
EXPORT_TRANSITIONS: dict[str, set[str]] = {
    ExportStatus.QUEUED: {ExportStatus.WRITING, ExportStatus.FAILED},
    ExportStatus.WRITING: {ExportStatus.DONE, ExportStatus.FAILED},
    ExportStatus.DONE: set(),
    ExportStatus.FAILED: set(),
}


class Export(TimeStampedModel):
    """A list written to a spreadsheet in the background for the user who asked (a country's members take minutes):
    its rows are those the user saw when asking, read again by the app that owns the list (`source`, from the list's
    `query` string, as that user). The file is kept under a generated name in private storage, served only to that
    user, and deleted with the row after EXPORT_KEEP."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=40)  # an ExportSource's name (core.exports)
    query = models.JSONField(default=dict)  # the list's filters: {name: [values]}
    language = models.CharField(max_length=10)  # the headers' and values' language
    title = models.CharField(_("list"), max_length=120)
    file_name = models.CharField(_("file"), max_length=120)
    stored_file = models.CharField(max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["created_at"], name="core_export_age")]  # the purge of old ones

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("exports:detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, round(100 * self.done_rows / self.total_rows)) if self.total_rows else 0
