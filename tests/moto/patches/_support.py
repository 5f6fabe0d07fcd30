"""Tools the patch modules share: the registry decorator, method wrapping, the emulator's own
random source and the ECS error types.

A patch is a function without arguments, decorated with `@patch`, whose docstring says which AWS
behaviour it restores (what AWS does, what moto 5.2.5 does instead) and which test needs it.
Calling it installs the change into moto. `patches.apply_all()` calls every registered patch once,
module by module in the order `patches.MODULES` gives, and within a module in source order.
"""
import functools
import random

_REGISTERED = []


def patch(fn):
    """Registers `fn` as an emulator patch (see the module docstring)."""
    _REGISTERED.append(fn)
    return fn


def registered():
    """Every registered patch, in registration order."""
    return list(_REGISTERED)


def around(owner, name):
    """Decorator: `owner.name` becomes the decorated function, called as `fn(original, *args)`.

    Works for plain methods (original is the unbound function: pass `self` on) and for static
    methods (original is the underlying function). Anything else must be replaced outright.
    """
    raw = owner.__dict__.get(name, getattr(owner, name))
    if isinstance(raw, classmethod):
        raise TypeError(f"around() cannot wrap the classmethod {owner.__name__}.{name}")
    static = isinstance(raw, staticmethod)
    original = raw.__func__ if static else raw

    def decorate(fn):
        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            return fn(original, *args, **kwargs)

        setattr(owner, name, staticmethod(wrapper) if static else wrapper)
        return fn

    return decorate


# Values moto never generates itself (dynamic host ports of bridge-mode containers) come from this
# generator, never from moto's `mock_random`: drawing from moto's would shift every id and address
# moto makes afterwards. `POST /moto-api/seed` seeds both (patches.core).
own_random = random.Random()


def ecs_invalid_parameter(message):
    """The exception ECS raises as `InvalidParameterException: <message>`."""
    from moto.ecs.exceptions import InvalidParameterException

    return InvalidParameterException(message)


def ecs_client_exception(message):
    """The exception ECS raises as `ClientException: <message>`."""
    from moto.ecs.exceptions import EcsClientException

    return EcsClientException(message)
