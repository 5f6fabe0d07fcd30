"""The project's changes to moto 5.2.5: where moto is lax or wrong for ecs-cli, make it answer as AWS.

One module per AWS service (plus `core` for the emulator's own control API). Each patch is a named
function registered with `@patch` (see `_support`); `apply_all()` installs them all, once.

Order: `core` first (reset/seed plumbing), then the services, with `cloudformation` and
`servicediscovery` last: their CloudFormation resource changes wrap the EC2/ECS models patched
before them, and `servicediscovery` adds CloudFormation resource types, after which moto's cached
type map must be rebuilt. Within `ecs`, the Task constructor is wrapped several times: the
container patch must run before the public-IP patch, so that moto's random ids are drawn in the
same order as by the emulator the command corpus was recorded with.
"""
import importlib

from . import _support

MODULES = ("core", "ec2", "ecs", "ecr", "logs", "ssm", "cloudformation", "servicediscovery")

_applied = []


def apply_all():
    """Installs every patch (idempotent). Returns their names, `module.function`, in order."""
    if not _applied:
        for name in MODULES:
            importlib.import_module(f"{__name__}.{name}")
        for fn in _support.registered():
            fn()
            _applied.append(f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}")
    return list(_applied)
