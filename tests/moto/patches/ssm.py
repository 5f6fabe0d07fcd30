"""Systems Manager (Parameter Store)."""
import ast
import json

from ._support import around, patch


def _as_json(value):
    """A structured public-parameter value as the JSON text AWS stores, else None."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, str) and value[:2] in ("{'", "['"):
        try:
            return json.dumps(ast.literal_eval(value), separators=(",", ":"))
        except (ValueError, SyntaxError):
            return None
    return None


@patch
def public_parameters_hold_json():
    """AWS public parameters with structured values (the ECS-optimized AMI `.../recommended`) are JSON.

    AWS: the value is a JSON object (`{"image_id":"ami-...","image_name":...}`). moto loads these
    parameters from its bundled trees as Python dicts and serves their repr, with single quotes,
    which no JSON parser reads.
    Test: test_recommended_ami_parameter_is_json.
    """
    from moto.ssm.models import ParameterDict

    @around(ParameterDict, "_load_tree_parameters")
    def load(original, parameters, path):
        original(parameters, path)
        for versions in parameters.values():
            for parameter in versions:
                text = _as_json(parameter.value)
                if text is not None:
                    parameter.value = text
