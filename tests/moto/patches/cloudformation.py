"""CloudFormation: template functions, stack deletion and failure handling, stack resources."""
from ._support import around, patch


@patch
def get_azs_lists_the_stack_regions_zones():
    """`Fn::GetAZs` takes `{"Ref": "AWS::Region"}` or "" and lists the zones of the stack's region.

    AWS: both forms mean "this stack's region", and the answer is that region's zones. moto does
    not resolve the Ref (CreateStack then fails: "Value ({'Ref': 'AWS::Region'}a) for parameter
    availabilityZone is invalid") and answers us-east-1a..d for "" whatever the region. Here the
    zones are those moto's EC2 reports for the region (us-east-1a..f, us-west-2a..d, ...).
    `ecs-cli up`'s template places its two subnets with `Fn::Select [n, Fn::GetAZs ...]`.
    Test: test_get_azs_follows_the_stack_region.
    """
    import moto.cloudformation.parsing as parsing
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend

    resolve = parsing.clean_json  # recursive: it finds itself through the module global

    def clean_json(resource_json, resources_map):
        if isinstance(resource_json, dict) and "Fn::GetAZs" in resource_json:
            region = resolve(resource_json["Fn::GetAZs"], resources_map) or resources_map._region_name
            zones = RegionsAndZonesBackend.zones.get(region)
            if zones:
                return [zone.name for zone in zones]
            return [f"{region}{letter}" for letter in "abc"]
        return resolve(resource_json, resources_map)

    parsing.clean_json = clean_json


@patch
def delete_stack_deletes_route_tables_gateways_and_clusters():
    """DeleteStack deletes the stack's route tables, internet gateways and ECS clusters.

    AWS: every resource of the stack is deleted (a route table after its subnet associations, a
    gateway after it is detached), so the VPC can go too and the stack ends DELETE_COMPLETE. moto
    cannot delete these three types from a stack: the VPC then fails with DependencyViolation
    and the whole `ecs-cli down` stack stays. (An ECS cluster is only marked INACTIVE, as in AWS.)
    Test: test_delete_stack_removes_the_ecs_cli_network_and_cluster.
    """
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.internet_gateways import InternetGateway
    from moto.ec2.models.route_tables import RouteTable
    from moto.ecs.models import Cluster, ecs_backends

    def delete_route_table(cls, resource_name, cloudformation_json, account_id, region_name):
        ec2 = ec2_backends[account_id][region_name]
        table = ec2.route_tables.get(resource_name)
        if table is None:
            return
        for association_id in list(table._associations):
            ec2.disassociate_route_table(association_id)
        ec2.delete_route_table(resource_name)

    def delete_internet_gateway(cls, resource_name, cloudformation_json, account_id, region_name):
        ec2 = ec2_backends[account_id][region_name]
        gateway = ec2.internet_gateways.get(resource_name)
        if gateway is None:
            return
        if gateway.vpc is not None:
            ec2.detach_internet_gateway(resource_name, gateway.vpc.id)
        ec2.delete_internet_gateway(resource_name)

    def delete_cluster(cls, resource_name, cloudformation_json, account_id, region_name):
        ecs = ecs_backends[account_id][region_name]
        if resource_name.split("/")[-1] in ecs.clusters:
            ecs.delete_cluster(resource_name)

    RouteTable.delete_from_cloudformation_json = classmethod(delete_route_table)
    InternetGateway.delete_from_cloudformation_json = classmethod(delete_internet_gateway)
    Cluster.delete_from_cloudformation_json = classmethod(delete_cluster)


@patch
def validate_template_fails_only_on_errors():
    """ValidateTemplate rejects a template for errors only, not for lint warnings.

    AWS: a template with an unused parameter or condition is valid. moto runs cfn-lint and rejects
    the template for any finding, warnings (W2001 "Parameter X not used", W8001 ...) included.
    Here only cfn-lint errors (rule ids E...) make the template invalid.
    Test: test_validate_template_accepts_an_unused_parameter.
    """
    from moto.cloudformation.models import CloudFormationBackend

    @around(CloudFormationBackend, "validate_template")
    def validate_template(original, backend, template):
        def is_error(match):
            rule_id = str(getattr(getattr(match, "rule", None), "id", "E"))
            return rule_id.startswith("E")

        return [m for m in original(backend, template) if is_error(m)]


@patch
def stack_resources_skip_resources_of_false_conditions():
    """DescribeStackResources and ListStackResources list only the resources the stack made.

    AWS: a resource whose Condition is false does not exist and is not listed. moto keeps a None
    in its place, and DescribeStackResources (with or without LogicalResourceId) and
    ListStackResources then fail or list blank entries. `ecs-cli up/down/scale` read these.
    Test: test_stack_resources_skip_a_resource_whose_condition_is_false.
    """
    from moto.cloudformation.models import CloudFormationBackend

    def made(stack):
        return [r for r in stack.stack_resources if r is not None]

    def describe_stack_resources(backend, stack_name, logical_resource_id):
        stack = backend.get_stack(stack_name)
        resources = made(stack)
        if logical_resource_id is not None:
            resources = [r for r in resources if r.logical_resource_id == logical_resource_id]
        return stack, resources

    def list_stack_resources(backend, stack_name_or_id):
        stack = backend.get_stack(stack_name_or_id)
        return stack, made(stack)

    CloudFormationBackend.describe_stack_resources = describe_stack_resources
    CloudFormationBackend.list_stack_resources = list_stack_resources


@patch
def update_stack_keeps_a_previous_default_value():
    """UpdateStack with UsePreviousValue keeps a parameter that took its default at creation.

    AWS: UsePreviousValue keeps the value the stack used, given or defaulted. moto looks only at
    the values given at creation and fails with a KeyError (HTTP 500) for a defaulted one. Here a
    defaulted parameter keeps the previous template's Default. `ecs-cli scale` updates the stack
    with UsePreviousValue for every parameter but the size.
    Test: test_update_stack_use_previous_value_of_a_defaulted_parameter.
    """
    from moto.cloudformation.models import CloudFormationBackend

    def resolve_update_parameters(backend, instance, incoming_params):
        previous_template = getattr(instance, "template_dict", None) or {}
        declared = previous_template.get("Parameters") or {}
        parameters = {}
        for param in incoming_params:
            key = param["ParameterKey"]
            if param.get("UsePreviousValue", False):
                if key in (instance.parameters or {}):
                    parameters[key] = instance.parameters[key]
                elif "Default" in (declared.get(key) or {}):
                    parameters[key] = str(declared[key]["Default"])
            elif "ParameterValue" in param:
                parameters[key] = param["ParameterValue"]
        return parameters

    CloudFormationBackend._resolve_update_parameters = resolve_update_parameters


@patch
def update_stack_changes_only_resources_whose_parameters_changed():
    """UpdateStack updates only the resources that use a parameter whose value changed.

    AWS: a parameter sent with the value the stack already used (given or defaulted) changes
    nothing, so only the resources referring to the changed parameters are updated. moto compares
    the new values with the values given at creation only, so every parameter that took its
    default counts as changed and nearly every resource is replaced: `ecs-cli scale` (only
    AsgMaxSize changes) then replaces the subnets under the Auto Scaling group, whose re-creation
    fails ("AutoScalingGroup name not found"). Here the comparison is with the values the stack
    resolved (defaults included, lists joined with ",", numbers as text).
    Test: test_update_stack_changes_only_what_uses_a_changed_parameter.
    """
    from moto.cloudformation.parsing import ResourceMap

    original = ResourceMap.build_resource_diff

    def as_text(value):
        if isinstance(value, list):
            return ",".join(str(v) for v in value)
        return "" if value is None else str(value)

    def build_resource_diff(self, other_template, parameters=None):
        given = self.input_parameters
        resolved = dict(getattr(self, "resolved_parameters", {}) or {})
        effective = {k: as_text(v) for k, v in resolved.items()}
        effective.update({k: as_text(v) for k, v in (given or {}).items()})
        self.input_parameters = effective
        try:
            return original(self, other_template, parameters)
        finally:
            self.input_parameters = given

    ResourceMap.build_resource_diff = build_resource_diff


@patch
def stack_parameters_of_list_type_are_text():
    """DescribeStacks reports a list parameter (CommaDelimitedList, List<...>) as the text given.

    AWS: `Parameters[].ParameterValue` is always a string, `a,b` for a list. moto reports the
    Python list it resolved, as its repr (`['a', 'b']`, `['']` for an empty default), so a
    client reading the parameters back (ecs-cli `scale`, or a test checking what `up` sent) sees
    a value nobody sent. Here lists are joined with "," again.
    Test: test_list_parameters_are_reported_as_text.
    """
    from moto.cloudformation.models import Stack

    def parameter_list(self):
        out = []
        for key, value in self.resource_map.resolved_parameters.items():
            if key in self.resource_map.no_echo_parameter_keys:
                value = "****"
            elif isinstance(value, list):
                value = ",".join(str(v) for v in value)
            out.append({"ParameterKey": key, "ParameterValue": value})
        return out

    Stack.parameter_list = property(parameter_list)


def _reason(exc):
    return getattr(exc, "message", None) or str(exc)


@patch
def delete_stack_failure_leaves_the_stack_delete_failed():
    """A DeleteStack whose resource deletion fails leaves the stack DELETE_FAILED.

    AWS: DeleteStack is accepted; the stack ends DELETE_FAILED with a DELETE_FAILED event giving
    the reason, and stays listed (the undeleted resources stay managed by it). moto returns the
    resource's error from DeleteStack itself and forgets the stack, leaving its resources behind
    (a Cloud Map namespace that still has services, for instance).
    Test: test_delete_stack_failure_leaves_the_stack_delete_failed.
    """
    from moto.cloudformation.models import CloudFormationBackend

    @around(CloudFormationBackend, "delete_stack")
    def delete_stack(original, backend, name_or_stack_id):
        stack = backend.stacks.get(name_or_stack_id) or next(
            (s for s in backend.stacks.values() if s.name == name_or_stack_id), None)
        try:
            return original(backend, name_or_stack_id)
        except Exception as exc:  # noqa: BLE001  (whatever a resource raised)
            if stack is None:
                raise
            backend.deleted_stacks.pop(stack.stack_id, None)
            backend.stacks[stack.stack_id] = stack
            stack.status = "DELETE_FAILED"
            stack._add_stack_event("DELETE_FAILED", resource_status_reason=_reason(exc))
            return None


@patch
def create_stack_failure_rolls_the_stack_back():
    """A CreateStack whose resource creation fails rolls back and ends ROLLBACK_COMPLETE.

    AWS: CreateStack is accepted; the failing resource gets a CREATE_FAILED event with the reason,
    the stack goes ROLLBACK_IN_PROGRESS ("The following resource(s) failed to create: [X].
    Rollback requested by user."), deletes what it made and ends ROLLBACK_COMPLETE. moto returns
    the resource's error from CreateStack (for a JSON service, a JSON body inside CloudFormation's
    XML answer) and leaves the stack CREATE_IN_PROGRESS for ever, so a waiter never ends.
    Test: test_create_stack_failure_rolls_back.
    """
    from moto.cloudformation.models import Event, Stack

    def failed_resource(stack):
        resource_map = stack.resource_map
        for logical_id, definition in (stack.template_dict.get("Resources") or {}).items():
            if logical_id in resource_map._parsed_resources:
                continue
            condition = (definition or {}).get("Condition")
            if condition is None or resource_map.lazy_condition_map.get(condition, True):
                return logical_id, (definition or {}).get("Type", "")
        return "", ""

    @around(Stack, "create_resources")
    def create_resources(original, stack):
        try:
            return original(stack)
        except Exception as exc:  # noqa: BLE001  (whatever a resource raised)
            logical_id, resource_type = failed_resource(stack)
            stack.events.append(Event(stack.stack_id, stack.name, logical_id, "", resource_type,
                                      "CREATE_FAILED", _reason(exc), None))
            stack.status = "ROLLBACK_IN_PROGRESS"
            stack._add_stack_event(
                "ROLLBACK_IN_PROGRESS",
                resource_status_reason=f"The following resource(s) failed to create: [{logical_id}]. "
                "Rollback requested by user.")
            try:
                stack.resource_map.delete()
            except Exception:  # noqa: BLE001  (a rollback deletes what it can)
                pass
            # moto makes resources (and outputs) lazily, on first lookup: with the template still
            # attached, DescribeStacks or ListStackResources would make the rolled-back ones again.
            stack.resource_map._resource_json_map = {}
            stack.output_map._output_json_map = {}
            stack.status = "ROLLBACK_COMPLETE"
            stack._add_stack_event("ROLLBACK_COMPLETE")
            return None
