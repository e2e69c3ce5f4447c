"""Envelope encryption and blind indexes (kirok.lib.crypto)."""

import pytest

from kirok.lib import crypto


@pytest.fixture
def keys():
    return {1: crypto.DataKey.generate(1), 2: crypto.DataKey.generate(2)}


def test_a_sealed_value_opens_to_the_same_text_and_hides_it(keys):
    token = crypto.seal("김혜송 Kim Hye-song", keys[1], context="records.personname.text")
    assert "김혜송" not in token and "Kim" not in token
    assert crypto.open_sealed(token, keys, context="records.personname.text") == (
        "김혜송 Kim Hye-song"
    )


def test_the_same_text_seals_differently_each_time(keys):
    a = crypto.seal("김혜송", keys[1], context="c")
    b = crypto.seal("김혜송", keys[1], context="c")
    assert a != b


def test_an_altered_value_fails_loudly(keys):
    token = crypto.seal("김혜송", keys[1], context="c")
    raw = bytearray(crypto.base64.b64decode(token[4:]))
    raw[-1] ^= 1
    altered = "kv1:" + crypto.base64.b64encode(bytes(raw)).decode()
    with pytest.raises(crypto.CryptoError, match="integrity"):
        crypto.open_sealed(altered, keys, context="c")


def test_a_value_moved_to_another_field_does_not_open(keys):
    token = crypto.seal("1984-03", keys[1], context="records.person.birth_date")
    with pytest.raises(crypto.CryptoError):
        crypto.open_sealed(token, keys, context="records.personname.text")


def test_a_value_sealed_with_a_missing_key_says_which_key(keys):
    token = crypto.seal("x", keys[2], context="c")
    with pytest.raises(crypto.CryptoError, match="data key 2"):
        crypto.open_sealed(token, {1: keys[1]}, context="c")
    assert crypto.sealed_key_id(token) == 2


def test_a_wrong_master_key_cannot_unwrap_data_keys(keys):
    right, wrong = crypto.MasterKey.generate(), crypto.MasterKey.generate()
    wrapped = right.wrap(keys[1])
    assert right.unwrap(wrapped, key_id=1) == keys[1]
    with pytest.raises(crypto.CryptoError, match="wrong or replaced master key"):
        wrong.unwrap(wrapped, key_id=1)
    with pytest.raises(crypto.CryptoError):
        right.unwrap(wrapped, key_id=2)


def test_blind_indexes_are_equal_for_equal_tokens_and_keyed(keys):
    a = crypto.blind_index("kimhyesong", keys[1], purpose="name")
    assert a == crypto.blind_index("kimhyesong", keys[1], purpose="name")
    assert a != crypto.blind_index("kimhyesong", keys[2], purpose="name")
    assert a != crypto.blind_index("kimhyesong", keys[1], purpose="text")
    assert "kim" not in a


def test_the_master_key_file_is_private_and_checked(tmp_path):
    path = tmp_path / "master.key"
    key = crypto.MasterKey.generate()
    crypto.write_master_key(path, key)
    assert path.stat().st_mode & 0o077 == 0
    assert crypto.read_master_key(path) == key
    with pytest.raises(FileExistsError):
        crypto.write_master_key(path, crypto.MasterKey.generate())
    path.chmod(0o644)
    with pytest.raises(crypto.CryptoError, match="readable by others"):
        crypto.read_master_key(path)
    path.chmod(0o600)
    path.write_text("garbage")
    with pytest.raises(crypto.CryptoError, match="not a Kirok master key"):
        crypto.read_master_key(path)


def test_a_backup_needs_the_right_passphrase():
    key = crypto.MasterKey.generate()
    blob = crypto.export_backup(key, "correct horse battery staple")
    assert crypto.import_backup(blob, "correct horse battery staple") == key
    with pytest.raises(crypto.CryptoError, match="Wrong passphrase"):
        crypto.import_backup(blob, "incorrect horse battery staple")
    with pytest.raises(crypto.CryptoError, match="12 characters"):
        crypto.export_backup(key, "short")
