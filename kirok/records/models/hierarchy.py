"""Shared behaviour of tree-shaped records (places, organizations)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_DEPTH = 32


class TreeNode(models.Model):
    """A record with a parent of its own kind; cycles are refused on every save."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_cycle()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self._refuse_cycle()

    def ancestors(self) -> list:
        """Parent first, root last. Stops at a cycle instead of looping forever."""
        found, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen and len(found) < MAX_DEPTH:
            found.append(node)
            seen.add(node.pk)
            node = node.parent
        return found

    def _refuse_cycle(self) -> None:
        node, steps = self.parent, 0
        while node is not None:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A record cannot be its own ancestor.")}, code="cycle"
                )
            steps += 1
            if steps > MAX_DEPTH:
                raise ValidationError({"parent": _("The hierarchy is too deep.")}, code="depth")
            node = node.parent
