"""The change log that keeps every process's counting snapshot (kirok.facts.snapshot) current."""

from __future__ import annotations

from django.db import models


class Change(models.Model):
    """One record whose counted facts may have changed, written in the changing transaction.

    ``kind`` names the table family to reload (incident, person, source, proceeding) and
    ``record_id`` the record's primary key; kind "all" reloads everything (a gazetteer or
    vocabulary change, a bulk load). ``token`` is random: a process that remembers
    (seq, token) notices when the row it saw was rolled back and its seq reused.
    """

    seq = models.BigAutoField(primary_key=True)
    token = models.BigIntegerField()
    kind = models.CharField(max_length=12)
    record_id = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.seq}: {self.kind} {self.record_id or ''}"
