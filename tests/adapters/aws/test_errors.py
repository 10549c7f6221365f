"""botocore errors become PetAvatar errors at the adapter boundary."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from petavatar.adapters.aws.errors import translate, translated
from petavatar.errors import AuthenticationError, NotFoundError, PetAvatarError, StorageError


def _client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": f"{code} happened"}}, "Op")


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (_client_error("NoSuchKey"), NotFoundError, "not found"),
        (_client_error("ResourceNotFoundException"), NotFoundError, "not found"),
        (_client_error("AccessDenied"), AuthenticationError, "refused the credentials"),
        (_client_error("ThrottlingException"), StorageError, "ThrottlingException"),
        (NoCredentialsError(), AuthenticationError, "no AWS credentials"),
        (EndpointConnectionError(endpoint_url="http://x:1"), StorageError, "cannot reach"),
    ],
)
def test_translation(exc: Exception, kind: type[PetAvatarError], words: str) -> None:
    error = translate(exc, "S3 get", key="k")
    assert type(error) is kind
    assert words in error.message and error.message.startswith("S3 get")
    with pytest.raises(kind) as raised, translated("S3 get"):
        raise exc
    assert raised.value.__cause__ is exc
