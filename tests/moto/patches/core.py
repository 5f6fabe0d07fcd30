"""The emulator's control API (`/moto-api/...`): reset and seed."""
from ._support import own_random, patch


@patch
def reset_drops_backends_without_rebuilding_them():
    """`POST /moto-api/reset` in milliseconds.

    Not an AWS behaviour: the emulator's own reset, which the conformance runners call before every
    case and `tests/moto/test_patches.py` between tests. moto re-initialises every region backend it
    ever made, in place, and only then throws them away; IAM alone rebuilds its managed policies
    for each of its partitions (about a second per reset with MOTO_IAM_LOAD_MANAGED_POLICIES).
    Throwing them away is enough: moto makes a fresh backend on its first use after the reset.
    Test: test_reset_is_fast_and_empties_every_service.
    """
    from moto.core.base_backend import BackendDict, backend_lock

    def reset(cls):
        with backend_lock:
            for service_backends in BackendDict._instances:
                for account_backends in service_backends.values():
                    for region_backend in account_backends.values():
                        # Emptying each backend frees its resources at once. Merely dropping it
                        # would leave them to Python's cycle collector (models point back at their
                        # backend), which then stops the server for seconds in a later request.
                        region_backend.__dict__.clear()
                    dict.clear(account_backends)
                service_backends.clear()
            BackendDict._instances.clear()

    BackendDict.reset = classmethod(reset)


@patch
def iam_managed_policies_are_read_once():
    """The AWS-managed IAM policies are parsed once per server, not once per IAM backend.

    Not an AWS behaviour: with MOTO_IAM_LOAD_MANAGED_POLICIES, every IAM backend (one per account
    and partition: six are rebuilt in the first two requests after every reset) parses moto's
    1,600-policy JSON and re-serialises each document. The parsed form is kept; each backend
    still gets its own policy objects, made by the same constructor in the same order, so the
    random policy ids they draw (and so every id moto makes afterwards) do not change.
    (Building fewer IAM backends would be faster still, but would shift those draws, and with
    them the ids and addresses the recorded command corpus's `ps` tables are laid out with.)
    Test: test_reset_is_fast_and_empties_every_service.
    """
    import json
    from datetime import datetime

    import moto.iam.models as iam

    prepared = []

    def init_aws_policies(backend):
        if not iam.load_iam_aws_managed_policies():
            return []
        if not prepared:
            for name, data in json.loads(iam.aws_managed_policies_data).items():
                prepared.append((name, {
                    "default_version_id": data.get("DefaultVersionId"),
                    "path": data.get("Path"),
                    "document": json.dumps(data.get("Document")),
                    "create_date": datetime.fromisoformat(data["CreateDate"]),
                    "update_date": datetime.fromisoformat(data["UpdateDate"]),
                }))
        return [iam.AWSManagedPolicy(name, account_id=backend.account_id, region=backend.region_name, **fields)
                for name, fields in prepared]

    iam.IAMBackend._init_aws_policies = init_aws_policies


@patch
def seed_makes_every_generated_value_repeatable():
    """`POST /moto-api/seed?a=N` also seeds the values the patches generate themselves.

    Not an AWS behaviour: the runners seed the emulator so that the same setup gives the same ids
    and addresses every time. moto seeds only its own generator; the patches draw the dynamic host
    ports of bridge-mode containers from a separate one (so as not to shift moto's ids), which is
    seeded here with the same number.
    Test: test_seed_repeats_ids_and_dynamic_host_ports.
    """
    from moto.moto_api._internal import mock_random

    moto_seed = mock_random.seed

    def seed(a=None, *args, **kwargs):
        moto_seed(a, *args, **kwargs)
        own_random.seed(a)

    # An instance attribute: the seed endpoint calls `mock_random.seed(...)`.
    mock_random.seed = seed
