"""Launch moto_server (or moto_proxy) with a few monkeypatches useful for an ecs-cli test harness.
Usage: python tests/moto/moto_server.py -H 127.0.0.1 -p 5055 [--exit-with-stdin]
       python tests/moto/moto_server.py --proxy -H 127.0.0.1 -p 5005

This is the ecs-cli project's own copy (tests/moto/), taken from the shared moto_patched_server.py;
the project maintains it from now on. Each patch below is numbered and commented; add new ones the
same way, one per emulator gap, each with a test that needs it.

Project additions:
  - the service-discovery patches of moto_sd_patch.py (beside this file) are applied too;
  - `--exit-with-stdin`: exit as soon as standard input reaches EOF, so the server dies with the
    test process that started it (its pipe closes), however that process ends.
"""
import sys
import moto.cloudformation.parsing as cfnp
from moto.ec2.models.route_tables import RouteTable
from moto.ec2.models.internet_gateways import InternetGateway
from moto.ec2.models import ec2_backends
from moto.ecs.models import Cluster, ecs_backends

# 1. Fn::GetAZs accepts {"Ref": "AWS::Region"} and uses the stack's region for "".
_orig_clean_json = cfnp.clean_json
def clean_json(resource_json, resources_map):
    if isinstance(resource_json, dict) and "Fn::GetAZs" in resource_json:
        arg = resource_json["Fn::GetAZs"]
        region = _orig_clean_json(arg, resources_map) if isinstance(arg, dict) else arg
        region = region or resources_map._region_name
        return [f"{region}{z}" for z in ("a", "b", "c")]
    return _orig_clean_json(resource_json, resources_map)
cfnp.clean_json = clean_json

# 2. DeleteStack: delete route tables (after disassociating), IGWs (after detaching), ECS clusters.
@classmethod
def _rt_delete(cls, resource_name, cloudformation_json, account_id, region_name):
    be = ec2_backends[account_id][region_name]
    rt = be.route_tables.get(resource_name)
    if rt is None:
        return
    rt._associations.clear()
    be.delete_route_table(resource_name)
RouteTable.delete_from_cloudformation_json = _rt_delete

@classmethod
def _igw_delete(cls, resource_name, cloudformation_json, account_id, region_name):
    be = ec2_backends[account_id][region_name]
    igw = be.internet_gateways.get(resource_name)
    if igw is None:
        return
    if igw.vpc:
        be.detach_internet_gateway(resource_name, igw.vpc.id)
    be.delete_internet_gateway(resource_name)
InternetGateway.delete_from_cloudformation_json = _igw_delete

@classmethod
def _cluster_delete(cls, resource_name, cloudformation_json, account_id, region_name):
    be = ecs_backends[account_id][region_name]
    try:
        be.delete_cluster(resource_name)
    except Exception:
        pass
Cluster.delete_from_cloudformation_json = _cluster_delete


# 3. ECS tasks: one Container per container definition (moto reports only the first), container
#    lastStatus follows the task, networkBindings for bridge/host hostPorts, createdAt/startedAt,
#    cpu/memory/availabilityZone; StopTask marks containers STOPPED; awsvpc RunTask without
#    securityGroups no longer 500s; ListTasks(serviceName=X) filters on group == "service:X"
#    (moto ignores it and returns every task; services launch no tasks, so a harness that wants
#    "service tasks" can RunTask(group="service:X", startedBy=<deployment id>)).
import random as _random
import moto.ecs.models as ecsm
from moto.core.utils import utcnow as _utcnow

class _Ctr:
    def __init__(self, task, cdef, idx):
        self.container_arn = f"arn:aws:ecs:{task.region_name}:{task._account_id}:container/{task.cluster_name}/{task.id}/{ecsm.mock_random.uuid4()}"
        self.task_arn = task.task_arn
        self.name = cdef.get("name")
        self.image = cdef.get("image")
        self._task = task
        self.exit_code = None
        self.cpu = str(cdef.get("cpu", 0))
        self.memory = str(cdef["memory"]) if cdef.get("memory") is not None else None
        self.memory_reservation = str(cdef["memoryReservation"]) if cdef.get("memoryReservation") is not None else None
        self.health_status = "UNKNOWN" if not cdef.get("healthCheck") else "HEALTHY"
        self.network_bindings = []
        self.network_interfaces = []
        nm = task._td_network_mode
        if nm in ("bridge", "host", None):
            for pm in cdef.get("portMappings", []) or []:
                hp = pm.get("hostPort")
                if not hp:
                    hp = pm["containerPort"] if nm == "host" else _random.randint(32768, 60999)
                self.network_bindings.append({"bindIP": "0.0.0.0", "containerPort": pm["containerPort"],
                                              "hostPort": hp, "protocol": pm.get("protocol", "tcp")})
        elif nm == "awsvpc":
            ip = next((d["value"] for a in task.attachments for d in a["details"] if d["name"] == "privateIPv4Address"), None)
            if ip:
                self.network_interfaces = [{"attachmentId": task.attachments[0]["id"], "privateIpv4Address": ip}]
    @property
    def last_status(self):
        st = self._task.last_status
        return "STOPPED" if st == "STOPPED" else ("RUNNING" if st == "RUNNING" else "PENDING")

_orig_task_init = ecsm.Task.__init__
def _task_init(self, cluster, task_definition, *a, **kw):
    _orig_task_init(self, cluster, task_definition, *a, **kw)
    self._td_network_mode = task_definition.network_mode
    self.containers = [_Ctr(self, cd, i) for i, cd in enumerate(task_definition.container_definitions)]
    self.created_at = self.started_at = _utcnow()
    self.cpu = task_definition.cpu
    self.memory = task_definition.memory
    self.availability_zone = f"{cluster.region_name}a"
ecsm.Task.__init__ = _task_init

_orig_run_task = ecsm.EC2ContainerServiceBackend.run_task
def _run_task(self, *a, **kw):
    nc = kw.get("networking_configuration") if "networking_configuration" in kw else (a[7] if len(a) > 7 else None)
    if nc and "awsvpcConfiguration" in nc:
        nc["awsvpcConfiguration"].setdefault("securityGroups", [])
    return _orig_run_task(self, *a, **kw)
ecsm.EC2ContainerServiceBackend.run_task = _run_task

_orig_stop_task = ecsm.EC2ContainerServiceBackend.stop_task
def _stop_task(self, cluster_str, task_str, reason):
    t = _orig_stop_task(self, cluster_str, task_str, reason)
    t.stopped_at = t.stopping_at = _utcnow()
    t.stop_code = "UserInitiated"
    return t
ecsm.EC2ContainerServiceBackend.stop_task = _stop_task

_orig_list_tasks = ecsm.EC2ContainerServiceBackend.list_tasks
def _list_tasks(self, cluster_str=None, container_instance=None, family=None, started_by=None, service_name=None, desiredStatus=None):
    tasks = _orig_list_tasks(self, cluster_str, container_instance, family, started_by, None, desiredStatus)
    if service_name:
        tasks = [t for t in tasks if t.group == f"service:{service_name.split('/')[-1]}"]
    return tasks
ecsm.EC2ContainerServiceBackend.list_tasks = _list_tasks

# 4. Tasks stay RUNNING when described (moto default: each DescribeTasks advances
#    RUNNING->DEACTIVATING->STOPPING->DEPROVISIONING->STOPPED). Override per test with
#    POST /moto-api/state-manager/set-transition.
from moto.moto_api import state_manager
state_manager.register_default_transition("ecs::task", {"progression": "manual", "times": 10**9})

# 5. ValidateTemplate: only cfn-lint *errors* (E....) fail validation; warnings/info such as
#    "Parameter X not used" (W2001) or "Condition X not used" (W8001) no longer reject the template.
from moto.cloudformation.models import CloudFormationBackend
_orig_validate = CloudFormationBackend.validate_template
def _validate(self, template):
    return [m for m in _orig_validate(self, template) if str(getattr(getattr(m, "rule", None), "id", "E")).startswith("E")]
CloudFormationBackend.validate_template = _validate

# 6. Resource bookkeeping: a container with no cpu/memory of its own (valid on Fargate, where the task
#    carries cpu and memory) no longer makes RunTask fail with a TypeError.
_orig_calc = ecsm.EC2ContainerServiceBackend._calculate_task_resource_requirements
def _calc(task_definition):
    saved = task_definition.container_definitions
    task_definition.container_definitions = [
        {k: v for k, v in c.items() if v is not None} | ({} if any(c.get(m) is not None for m in ("memory", "memoryReservation", "Memory", "MemoryReservation")) else {"memory": 0})
        for c in saved]
    try:
        return _orig_calc(task_definition)
    finally:
        task_definition.container_definitions = saved
ecsm.EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(_calc)

# 7. An ENI in a VPC without DNS hostnames has no private DNS name: default it, so awsvpc RunTask
#    works in any VPC.
from moto.ec2.models.elastic_network_interfaces import NetworkInterface as _ENI
_ENI.private_dns_name = None

# 8. Resources skipped by a false Condition leave None in a stack's resource list; DescribeStackResources
#    (with or without LogicalResourceId) and ListStackResources then failed. Skip them, as AWS does.
from moto.cloudformation.models import CloudFormationBackend as _CFB
_orig_dsr, _orig_lsr = _CFB.describe_stack_resources, _CFB.list_stack_resources
def _dsr(self, stack_name, logical_resource_id):
    stack = self.get_stack(stack_name)
    res = [r for r in stack.stack_resources if r is not None]
    if logical_resource_id is not None:
        res = [r for r in res if r.logical_resource_id == logical_resource_id]
    return stack, res
def _lsr(self, stack_name_or_id):
    stack = self.get_stack(stack_name_or_id)
    return stack, [r for r in stack.stack_resources if r is not None]
_CFB.describe_stack_resources, _CFB.list_stack_resources = _dsr, _lsr

# 9. ListAccountSettings: with nothing set, report the effective defaults AWS reports today (long ARN
#    formats enabled), instead of an empty list.
_orig_las = ecsm.EC2ContainerServiceBackend.list_account_settings
_LONG = ("serviceLongArnFormat", "taskLongArnFormat", "containerInstanceLongArnFormat")
def _las(self, name=None, value=None):
    found = _orig_las(self, name, value)
    have = {x.name for x in found}
    for n in _LONG:
        if (not name or name == n) and n not in have and n not in self.account_settings and (not value or value == "enabled"):
            found.append(ecsm.AccountSetting(n, "enabled"))
    return found
ecsm.EC2ContainerServiceBackend.list_account_settings = _las

# 10. SSM public parameters loaded from moto's trees (the ECS-optimized AMI ".../recommended" values)
#     hold Python dicts (served as a dict repr); AWS returns JSON. Store them as JSON.
import ast as _ast, json as _json
from moto.ssm.models import ParameterDict as _PD
_orig_ltp = _PD._load_tree_parameters
def _ltp(self, path):
    _orig_ltp(self, path)
    for versions in self.values():
        for prm in versions:
            v = prm.value
            if isinstance(v, (dict, list)):
                prm.value = _json.dumps(v)
            elif isinstance(v, str) and v.startswith("{'"):
                try:
                    prm.value = _json.dumps(_ast.literal_eval(v))
                except (ValueError, SyntaxError):
                    pass
_PD._load_tree_parameters = _ltp

# 11. UpdateStack with UsePreviousValue for a parameter that took its template default at creation
#     failed with KeyError. Keep the previous (default) value, as AWS does.
def _rup(self, instance, incoming_params):
    parameters = {p["ParameterKey"]: p["ParameterValue"] for p in incoming_params if "ParameterValue" in p}
    for p in incoming_params:
        if p.get("UsePreviousValue", False) and p["ParameterKey"] in instance.parameters:
            parameters[p["ParameterKey"]] = instance.parameters[p["ParameterKey"]]
    return parameters
_CFB._resolve_update_parameters = _rup

# 13. A Fargate task started with assignPublicIp ENABLED gets a public IP on its ENI (moto never
#     assigns one), as AWS does, so `ps` can show the address a client would use.
#     Test: tests/ps.rs `ps_shows_a_fargate_task_public_ip`.
from moto.ec2.utils import random_public_ip as _random_public_ip
_patched3_task_init = ecsm.Task.__init__
def _task_init_public_ip(self, *a, **kw):
    _patched3_task_init(self, *a, **kw)
    vpc = (getattr(self, "network_configuration", None) or {}).get("awsvpcConfiguration") or {}
    if vpc.get("assignPublicIp") == "ENABLED" and getattr(self, "launch_type", "") == "FARGATE":
        be = ec2_backends[self._account_id][self.region_name]
        for att in self.attachments:
            for d in att.get("details", []):
                if d["name"] == "networkInterfaceId":
                    be.get_network_interface(d["value"]).public_ip = _random_public_ip()
ecsm.Task.__init__ = _task_init_public_ip

# 12. Cloud Map / service discovery (see moto_sd_patch.py): imported after the patches above.
import moto_sd_patch  # noqa: E402,F401  (applies its patches on import)


def _exit_with_stdin():
    """Stop the whole server when our stdin reaches EOF (the parent test process has gone)."""
    import os
    import threading

    def watch():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=watch, name="exit-with-stdin", daemon=True).start()


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--exit-with-stdin" in args:
        args.remove("--exit-with-stdin")
        _exit_with_stdin()
    if args and args[0] == "--proxy":
        from moto.proxy import main as proxy_main
        sys.exit(proxy_main(args[1:]))
    from moto.server import main
    sys.exit(main(args))
