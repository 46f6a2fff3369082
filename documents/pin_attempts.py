"""Wrong signing PINs, counted per credential as a token counts its PIN tries: after
SIGNING_PIN_MAX_ATTEMPTS wrong ones in a row the credential is locked, and every later attempt
is refused before anything is rendered or sent to the key, until an administrator unlocks it
(documents/credentials.py, `credential_unlock`). A right PIN resets the count.

A wrong PIN undoes the move that carried it (the decision), so the count cannot be written in
that transaction: the refusal carries `after_rollback`, which core.signing_pin calls once the
move's transaction is undone. The count is one conditional UPDATE (F() + 1), so two wrong PINs
at once count twice. No row or log here ever holds the PIN."""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.credentials import for_document
from documents.exceptions import SigningCredentialLocked
from documents.models import SigningCredential, SigningCredentialEvent

logger = logging.getLogger(__name__)
Action = SigningCredentialEvent.Action


def limit() -> int:
    return max(1, settings.SIGNING_PIN_MAX_ATTEMPTS)


def require_unlocked(credential: SigningCredential, holder, kind=None) -> None:
    """Refuse (API 409) a locked credential before its PIN is tried, naming the document
    (`kind`, IssuedDocument.Kind)."""
    if credential.locked_at is not None:
        raise SigningCredentialLocked(
            _locked(kind) % {"name": holder.get_full_name() or holder.username, "count": limit()}
        )


def _locked(kind) -> str:
    return for_document(
        kind,
        proposal=_(
            "Chứng thư ký số cá nhân của %(name)s đã bị khóa do nhập sai mã PIN %(count)d "
            "lần liên tiếp: không thể ký Tờ trình. Đề nghị quản trị hệ thống mở khóa "
            "(mục Chứng thư ký số cá nhân) rồi thực hiện lại."
        ),
        decision=_(
            "Chứng thư ký số cá nhân của %(name)s đã bị khóa do nhập sai mã PIN %(count)d "
            "lần liên tiếp: không thể ký quyết định. Đề nghị quản trị hệ thống mở khóa "
            "(mục Chứng thư ký số cá nhân) rồi thực hiện lại."
        ),
        other=_(
            "Chứng thư ký số cá nhân của %(name)s đã bị khóa do nhập sai mã PIN %(count)d "
            "lần liên tiếp: không thể ký văn bản. Đề nghị quản trị hệ thống mở khóa "
            "(mục Chứng thư ký số cá nhân) rồi thực hiện lại."
        ),
    )


def refused(error, *, credential: SigningCredential, actor) -> None:
    """A wrong PIN for `credential`: say how many tries are left, and count it after the
    rollback (`error.after_rollback`)."""
    left = limit() - credential.failed_pin_attempts - 1
    if left > 0:
        note = _("Còn %(left)d lần thử trước khi chứng thư bị khóa.") % {"left": left}
    else:
        note = _(
            "Chứng thư ký số đã bị khóa do nhập sai mã PIN %(count)d lần liên tiếp; đề nghị "
            "quản trị hệ thống mở khóa."
        ) % {"count": limit()}
    error.message = f"{error.message} {note}"
    error.args = (error.message,)
    error.after_rollback = partial(
        record_wrong_pin, credential_id=credential.pk, actor_id=getattr(actor, "pk", None)
    )


def record_wrong_pin(*, credential_id: int, actor_id: int | None) -> bool:
    """Count one wrong PIN, with its history row, and lock the credential at the limit (its
    own row). Returns whether this attempt locked it."""
    try:
        with transaction.atomic():
            counted = SigningCredential.objects.filter(
                pk=credential_id, locked_at__isnull=True
            ).update(failed_pin_attempts=F("failed_pin_attempts") + 1)
            if not counted:  # locked meanwhile by another attempt, or gone
                return False
            event = partial(
                SigningCredentialEvent.objects.create,
                credential_id=credential_id,
                actor_id=actor_id,
            )
            event(action=Action.WRONG_PIN)
            # The UPDATE above holds the row's lock: this reads the count it wrote.
            locked = SigningCredential.objects.filter(
                pk=credential_id, locked_at__isnull=True, failed_pin_attempts__gte=limit()
            ).update(locked_at=timezone.now())
            if locked:
                event(
                    action=Action.LOCKED,
                    note=_("Nhập sai mã PIN %(count)d lần liên tiếp.") % {"count": limit()},
                )
            return bool(locked)
    except Exception:  # the refusal the signer sees matters more than this count
        logger.exception("could not count a wrong signing PIN for credential %s", credential_id)
        return False


def right_pin(credential: SigningCredential) -> None:
    """A right PIN: the count starts again."""
    if credential.failed_pin_attempts:
        SigningCredential.objects.filter(pk=credential.pk, locked_at__isnull=True).update(
            failed_pin_attempts=0
        )
