"""Signing with a key held by a remote-signing service (Cloud Signature Consortium API v1,
pyHanko's CSC signer): the credential's certificates are read from the service, the PIN the
signer typed authorises this one signature (SAD bound to its hash where the service asks,
SCAL 2), then the service signs the hash. The PIN goes in the request body over the service's
own connection and nowhere else."""

import asyncio

import aiohttp
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.csc_signer import (
    CSCAuthorizationManager,
    CSCServiceSessionInfo,
    CSCSigner,
    fetch_certs_in_csc_credential,
)

from documents.credentials import SigningPinRefused, _learn_expiry
from documents.exceptions import SigningFailed


class PinAuthorization(CSCAuthorizationManager):
    """credentials/authorize with the signer's PIN, once, for the hashes about to be signed."""

    def __init__(self, session_info, credential_info, *, pin: str, http):
        super().__init__(session_info, credential_info)
        self._pin, self._http = pin, http

    async def authorize_signature(self, hash_b64s):
        pinned = hash_b64s if self.credential_info.hash_pinning_required else None
        body = self.format_csc_auth_request(
            num_signatures=len(hash_b64s), pin=self._pin, hash_b64s=pinned
        )
        self._pin = None  # used once
        url = self.csc_session_info.endpoint_url("credentials/authorize")
        async with self._http.post(url, json=body, headers=self.auth_headers) as response:
            if response.status in (400, 401, 403):
                raise SigningPinRefused(_("Dịch vụ ký số từ xa từ chối mã PIN ký số."))
            response.raise_for_status()
            return self.parse_csc_auth_response(await response.json())


def sign_remotely(pdf: bytes, *, credential, pin: str, **how) -> bytes:
    """`pdf` signed (PAdES B-LT, documents.signing.async_sign_pdf) by the holder's remote key."""
    from documents.signing import async_sign_pdf, outside_event_loop

    async def run():
        timeout = aiohttp.ClientTimeout(total=settings.SIGNING_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            info = CSCServiceSessionInfo(credential.service, credential.credential_id)
            certificates = await fetch_certs_in_csc_credential(http, info)
            auth = PinAuthorization(info, certificates, pin=pin, http=http)
            signer = CSCSigner(http, auth)
            return await async_sign_pdf(pdf, signer=signer, **how), certificates.signing_cert

    try:
        signed, certificate = outside_event_loop(lambda: asyncio.run(run()))
    except (TimeoutError, aiohttp.ClientError, SigningError) as error:
        raise SigningFailed(
            _("Không kết nối được dịch vụ ký số từ xa (%(error)s).")
            % {"error": type(error).__name__}
        ) from None
    _learn_expiry(credential, certificate)
    return signed
