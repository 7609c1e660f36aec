"""``caseworker-admin keyring DIR --enable|--disable``: remember the caseload on this device, or stop.

``--enable`` puts a random secret for the caseload's keyring slot into the OS keyring (GNOME Keyring /
KWallet through Secret Service, macOS Keychain, Windows Credential Manager); afterwards ``--keyring``
(and the app) unlock without a passphrase on this device, as the unlocking user. A keyring that does
not encrypt (keyring's fail/null backends, keyrings.alt) is refused before anything is asked.
``--disable`` removes the slot from keyslots.json and the secret from the keyring.
"""

from __future__ import annotations

import argparse

from caseworker.admin import common
from caseworker.store.errors import InsecureKeyring
from caseworker.store.secrets import KeyringSecretStore


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "keyring",
        help="remember the caseload in this device's keyring (--enable) or forget it (--disable)",
        description="Switch the keyring slot on or off. With --enable the caseload then opens on this "
        "device, as the unlocking user, without a passphrase (--keyring here, or the app). Refused "
        "when the device has no keyring that encrypts. The passphrases and the recovery key keep working.",
    )
    common.add_dir_argument(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--enable", action="store_true", help="remember the caseload on this device")
    what.add_argument("--disable", action="store_true", help="forget it (remove the slot and the secret)")
    common.add_unlock_arguments(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = KeyringSecretStore()
    if args.enable and not store.is_secure():
        # Before any passphrase is asked: nothing can be done on this device.
        raise InsecureKeyring(hint=f"This device offers {store.where()}. {InsecureKeyring.hint}")
    caseload = common.open_caseload(args, secrets=store)
    try:
        if args.enable:
            user = caseload.user.username
            where = caseload.enable_keyring(user)
            print(
                f"The caseload in {args.dir} is now remembered on this device for '{user}'. Its key is "
                f"kept in {where}."
            )
            print("It opens here without a passphrase (caseworker-admin ... --keyring, or the app).")
            print("Anyone who can use this desktop session can open it: lock the screen when you leave.")
            return 0
        slots = caseload.slots()
        if slots.keyring_slot() is None:
            print(f"The caseload in {args.dir} was not remembered on this device; nothing changed.")
            return 0
        caseload.disable_keyring()
        print(
            f"The caseload in {args.dir} is no longer remembered on this device; its key was removed "
            f"from {store.where()}. Unlock with a passphrase or the recovery key."
        )
        return 0
    finally:
        caseload.close()
