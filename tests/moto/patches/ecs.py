"""ECS: tasks, services, task definitions, account settings, paging and request limits."""
import base64
import binascii
import inspect
import json
import os
from types import SimpleNamespace

from ._support import around, ecs_invalid_parameter, own_random, patch

# --------------------------------------------------------------------------------------------------
# Tasks


@patch
def tasks_stay_running():
    """A task stays RUNNING until it is stopped.

    AWS: a RUNNING task keeps running. moto advances every task one state towards STOPPED each
    time DescribeTasks returns it (RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED), so a
    client that polls a task sees it die. A test can still ask for that progression with
    `POST /moto-api/state-manager/set-transition` (tests/it/tasks_compose.rs
    `a_task_that_stops_instead_of_running_is_one_clear_error` does).
    Test: test_task_stays_running_when_described_again_and_again.
    """
    from moto.moto_api import state_manager

    state_manager.register_default_transition("ecs::task", {"progression": "manual", "times": 10**9})


class TaskContainer:
    """One entry of a task's `containers`, built from its container definition as ECS reports it."""

    def __init__(self, task, definition, network_mode):
        from moto.ecs.models import mock_random
        from moto.utilities.utils import get_partition

        self._task = task
        # One random id per container, drawn right after moto's own draws for the task.
        self.container_arn = (
            f"arn:{get_partition(task.region_name)}:ecs:{task.region_name}:{task._account_id}:"
            f"container/{task.cluster_name}/{task.id}/{mock_random.uuid4()}"
        )
        self.name = definition.get("name")
        self.image = definition.get("image")
        self.exit_code = None
        self.cpu = str(definition.get("cpu") or 0)
        self.memory = _optional_str(definition.get("memory"))
        self.memory_reservation = _optional_str(definition.get("memoryReservation"))
        self.health_status = "HEALTHY" if definition.get("healthCheck") else "UNKNOWN"
        self.network_bindings = []
        self.network_interfaces = []
        if network_mode == "awsvpc":
            for attachment in task.attachments:
                address = _detail(attachment, "privateIPv4Address")
                if address:
                    self.network_interfaces.append(
                        {"attachmentId": attachment["id"], "privateIpv4Address": address})
        elif network_mode in (None, "bridge", "host"):
            for mapping in definition.get("portMappings") or []:
                container_port = mapping["containerPort"]
                host_port = mapping.get("hostPort")
                if not host_port:
                    # host mode publishes the container port itself; bridge mode picks a free
                    # port from the ephemeral range.
                    host_port = container_port if network_mode == "host" else own_random.randint(32768, 60999)
                self.network_bindings.append({
                    "bindIP": "0.0.0.0",
                    "containerPort": container_port,
                    "hostPort": host_port,
                    "protocol": mapping.get("protocol", "tcp"),
                })

    @property
    def task_arn(self):
        return self._task.task_arn

    @property
    def last_status(self):
        status = self._task.last_status
        return status if status in ("RUNNING", "STOPPED") else "PENDING"


def _optional_str(value):
    return None if value is None else str(value)


def _detail(attachment, name):
    return next((d["value"] for d in attachment.get("details", []) if d["name"] == name), None)


@patch
def task_reports_every_container():
    """A task lists one container per container definition, with its ports and state.

    AWS: `containers` has an entry per container definition: its own ARN, name, image, cpu/memory,
    `lastStatus` following the task, `healthStatus` (UNKNOWN without a health check),
    `networkBindings` (bridge/host: the host port, a dynamic one when the definition has none) or
    `networkInterfaces` (awsvpc: the ENI's private address), and the *task's* ARN as `taskArn`.
    moto reports only the first definition, always PENDING, without bindings or interfaces, and
    with the task definition's ARN as `taskArn`. `ps` prints one row per container from these.
    Test: test_task_lists_every_container_with_its_bindings; tests/it/ps.rs, tasks_compose.rs.
    """
    from moto.ecs.models import Task

    @around(Task, "__init__")
    def init(original, task, cluster, task_definition, *args, **kwargs):
        original(task, cluster, task_definition, *args, **kwargs)
        mode = task_definition.network_mode
        task.containers = [TaskContainer(task, d, mode) for d in task_definition.container_definitions]


@patch
def task_reports_times_size_and_zone():
    """A task has `createdAt`, `startedAt`, `cpu`, `memory`, `availabilityZone`, `connectivity`;
    a stopped one `stoppingAt`, `stoppedAt` and `stopCode`.

    AWS: all of these are set (a task started by RunTask is RUNNING here at once, so created and
    started at the same moment); StopTask gives stopCode UserInitiated. moto sets none of them,
    so a client cannot show a task's age nor tell how it stopped.
    Test: test_task_has_times_size_zone_and_stop_code.
    """
    from moto.core.utils import utcnow
    from moto.ec2.models import ec2_backends
    from moto.ecs.models import EC2ContainerServiceBackend, Task

    @around(Task, "__init__")
    def init(original, task, cluster, task_definition, *args, **kwargs):
        original(task, cluster, task_definition, *args, **kwargs)
        task.created_at = task.started_at = task.connectivity_at = utcnow()
        task.connectivity = "CONNECTED"
        task.cpu = task_definition.cpu
        task.memory = task_definition.memory
        task.availability_zone = _zone_of(task, cluster)

    def _zone_of(task, cluster):
        for attachment in task.attachments:  # awsvpc: the subnet's zone
            subnet_id = _detail(attachment, "subnetId")
            if subnet_id:
                try:
                    return ec2_backends[task._account_id][task.region_name].get_subnet(subnet_id).availability_zone
                except Exception:  # noqa: BLE001  (an unknown subnet: fall back below)
                    break
        if task.container_instance_arn:  # EC2: the instance's zone
            instances = task._backend.container_instances.get(cluster.name, {})
            instance = instances.get(task.container_instance_arn.split("/")[-1])
            zone = instance and (instance.attributes or {}).get("ecs.availability-zone")
            if zone:
                return zone
        return f"{task.region_name}a"

    @around(EC2ContainerServiceBackend, "stop_task")
    def stop_task(original, backend, *args, **kwargs):
        task = original(backend, *args, **kwargs)
        task.stopping_at = task.stopped_at = task.execution_stopped_at = utcnow()
        task.stop_code = "UserInitiated"
        return task


@patch
def fargate_task_with_public_ip_gets_one():
    """A Fargate task started with `assignPublicIp: ENABLED` has a public address on its ENI.

    AWS: the task's ENI gets a public IP (EC2 DescribeNetworkInterfaces shows it under
    Association.PublicIp), the address `ps` shows for it. moto never assigns one.
    Registered after task_reports_every_container: its random draws must follow the containers'.
    Test: test_fargate_task_with_public_ip_gets_one; tests/it/ps.rs
    `ps_shows_a_fargate_task_public_ip`, tasks_compose.rs `fargate_up_shows_the_eni_address`.
    """
    from moto.ec2.models import ec2_backends
    from moto.ec2.utils import random_public_ip
    from moto.ecs.models import Task

    @around(Task, "__init__")
    def init(original, task, *args, **kwargs):
        original(task, *args, **kwargs)
        vpc = (getattr(task, "network_configuration", None) or {}).get("awsvpcConfiguration") or {}
        on_fargate = task.launch_type == "FARGATE" or task.capacity_provider_name in ("FARGATE", "FARGATE_SPOT")
        if vpc.get("assignPublicIp") != "ENABLED" or not on_fargate:
            return
        ec2 = ec2_backends[task._account_id][task.region_name]
        for attachment in task.attachments:
            eni_id = _detail(attachment, "networkInterfaceId")
            if eni_id:
                ec2.get_network_interface(eni_id).public_ip = random_public_ip()


@patch
def awsvpc_task_without_security_groups_uses_the_vpc_default():
    """RunTask/CreateService-style awsvpcConfiguration without `securityGroups` is valid.

    AWS: the task's ENI gets the default security group of the subnet's VPC. moto fails with a
    KeyError (HTTP 500). `compose up` sends no security groups when ecs-params names none.
    Test: test_awsvpc_task_without_security_groups_gets_the_vpc_default_group.
    """
    from moto.ec2.models import ec2_backends
    from moto.ecs.models import EC2ContainerServiceBackend

    @around(EC2ContainerServiceBackend, "run_task")
    def run_task(original, backend, *args, **kwargs):
        call = inspect.signature(original).bind(backend, *args, **kwargs)
        config = call.arguments.get("networking_configuration")
        vpc_config = (config or {}).get("awsvpcConfiguration")
        if vpc_config is not None and "securityGroups" not in vpc_config:
            groups = []
            subnets = vpc_config.get("subnets") or []
            if subnets:
                ec2 = ec2_backends[backend.account_id][backend.region_name]
                try:
                    vpc_id = ec2.get_subnet(subnets[0]).vpc_id
                    groups = [g.id for g in ec2.describe_security_groups(
                        filters={"vpc-id": [vpc_id], "group-name": ["default"]})]
                except Exception:  # noqa: BLE001  (moto reports the bad subnet itself)
                    groups = []
            call.arguments["networking_configuration"] = {
                **config, "awsvpcConfiguration": {**vpc_config, "securityGroups": groups}}
        return original(*call.args, **call.kwargs)


@patch
def run_task_count_is_at_most_ten():
    """RunTask starts at most 10 tasks per call.

    AWS: `count` is 1..10; more is an InvalidParameterException. moto starts any number, so a
    client that forgets to split `compose scale 25` into calls of 10 would pass here and fail on AWS.
    Test: test_run_task_count_above_ten_is_refused.
    """
    from moto.ecs.responses import EC2ContainerServiceResponse

    @around(EC2ContainerServiceResponse, "run_task")
    def run_task(original, response):
        count = response._get_param("count", 1)
        if not isinstance(count, int) or not 1 <= count <= 10:
            raise ecs_invalid_parameter("count must be between 1 and 10.")
        return original(response)


@patch
def run_task_and_create_service_honour_client_token():
    """A repeated RunTask or CreateService with the same clientToken is applied once.

    AWS: `clientToken` makes the request idempotent: the retry of a RunTask whose answer was lost
    returns the tasks the first call started, and a repeated CreateService returns the service it
    created, instead of starting more tasks (or failing on the existing name). moto ignores the
    token, so a client that retries without one would look right here and double its tasks on AWS.
    Test: test_client_token_makes_run_task_and_create_service_idempotent.
    """
    from moto.ecs.responses import EC2ContainerServiceResponse

    seen = {}

    def replay(original, response, operation):
        token = response._get_param("clientToken")
        if not token:
            return original(response)
        key = (response.current_account, response.region, operation, token)
        if key not in seen:
            seen[key] = original(response)
        return seen[key]

    @around(EC2ContainerServiceResponse, "run_task")
    def run_task(original, response):
        return replay(original, response, "RunTask")

    @around(EC2ContainerServiceResponse, "create_service")
    def create_service(original, response):
        return replay(original, response, "CreateService")


@patch
def list_tasks_filters_on_service_name():
    """ListTasks(serviceName=X) lists only the service's tasks.

    AWS: only the tasks the service started. moto ignores the filter and lists every task of the
    cluster (its services start no tasks). Here a service's tasks are those whose group is
    `service:X`, the group ECS gives them, so a test can make some with RunTask(group=...).
    Test: test_list_tasks_by_service_name_keeps_the_service_group; corpus 181-compose-service-ps.
    """
    from moto.ecs.models import EC2ContainerServiceBackend

    @around(EC2ContainerServiceBackend, "list_tasks")
    def list_tasks(original, backend, *args, **kwargs):
        call = inspect.signature(original).bind(backend, *args, **kwargs)
        service = call.arguments.get("service_name")
        call.arguments["service_name"] = None
        tasks = original(*call.args, **call.kwargs)
        if service:
            group = f"service:{service.split('/')[-1]}"
            tasks = [t for t in tasks if t.group == group]
        return tasks


@patch
def fargate_containers_need_no_memory_of_their_own():
    """A container without cpu/memory of its own can run (the task carries them, as on Fargate).

    AWS: a Fargate task definition may leave container memory unset. moto's placement bookkeeping
    adds up the containers' memory and fails with a TypeError (HTTP 500) on the missing value.
    Here a missing value counts as 0 for the bookkeeping; the definition itself is not changed.
    Test: test_fargate_task_without_container_memory_runs.
    """
    from moto.ecs.models import EC2ContainerServiceBackend

    memory_keys = ("memory", "memoryReservation", "Memory", "MemoryReservation")

    @around(EC2ContainerServiceBackend, "_calculate_task_resource_requirements")
    def requirements(original, task_definition):
        definitions = []
        for definition in task_definition.container_definitions:
            cleaned = {k: v for k, v in definition.items() if v is not None}
            if not any(k in cleaned for k in memory_keys):
                cleaned["memory"] = 0
            definitions.append(cleaned)
        return original(SimpleNamespace(container_definitions=definitions))


# --------------------------------------------------------------------------------------------------
# Account settings

_LONG_ARN_SETTINGS = ("serviceLongArnFormat", "taskLongArnFormat", "containerInstanceLongArnFormat")


@patch
def account_settings_report_long_arn_defaults():
    """ListAccountSettings reports the long-ARN formats as enabled when nobody changed them.

    AWS: the effective settings of an account include serviceLongArnFormat, taskLongArnFormat and
    containerInstanceLongArnFormat = enabled (the default for years). moto returns only what was
    put explicitly (an empty list), although it behaves as if they were enabled. `compose service
    create/up` decides from this whether to enable ECS managed tags.
    Test: test_account_settings_report_long_arn_formats_enabled.
    """
    from moto.ecs.models import AccountSetting, EC2ContainerServiceBackend

    @around(EC2ContainerServiceBackend, "list_account_settings")
    def list_account_settings(original, backend, name=None, value=None):
        found = original(backend, name, value)
        for setting in _LONG_ARN_SETTINGS:
            explicit = setting in backend.account_settings or any(s.name == setting for s in found)
            if not explicit and name in (None, setting) and value in (None, "enabled"):
                found.append(AccountSetting(setting, "enabled"))
        return found


# --------------------------------------------------------------------------------------------------
# Services


def _moto_fixes_running_count():
    """moto's MOTO_ECS_SERVICE_RUNNING, when set, keeps deciding a new service's running count."""
    return "MOTO_ECS_SERVICE_RUNNING" in os.environ


@patch
def services_run_their_desired_count():
    """A service runs its desired count: at once after CreateService, and after UpdateService.

    AWS: the scheduler starts (or stops) tasks until runningCount = desiredCount, and the primary
    deployment reports the same counts, rollout COMPLETED. A DAEMON service runs one task per
    ACTIVE container instance, so its desiredCount is that number. moto leaves runningCount at
    MOTO_ECS_SERVICE_RUNNING (0) for a new service (every `compose service up` would wait for its
    full timeout), a DAEMON service at desiredCount 0, and never updates the deployment after
    creation. No tasks are started: the counts only (the corpus's `compose service ps` shows the
    tasks its setup ran, no others).
    Test: test_service_runs_its_desired_count_after_create_and_update,
    test_daemon_service_runs_one_task_per_active_instance; corpus *service* cases.
    """
    from moto.core.utils import utcnow
    from moto.ecs.models import EC2ContainerServiceBackend, Service

    @around(Service, "__init__")
    def init(original, service, *args, **kwargs):
        call = inspect.signature(original).bind(service, *args, **kwargs)
        backend = call.arguments.get("backend")
        if call.arguments.get("scheduling_strategy") == "DAEMON" and backend is not None:
            cluster = call.arguments["cluster"]
            call.arguments["desired_count"] = sum(
                1 for ci in backend.container_instances.get(cluster.name, {}).values() if ci.status == "ACTIVE")
        original(*call.args, **call.kwargs)
        if not _moto_fixes_running_count():
            service.running_count = service.desired_count
            service.pending_count = 0
            for deployment in service.deployments:
                deployment.update(runningCount=service.desired_count, pendingCount=0, rolloutState="COMPLETED",
                                  rolloutStateReason=f"ECS deployment {deployment['id']} completed.")

    @around(EC2ContainerServiceBackend, "update_service")
    def update_service(original, backend, service_properties):
        service = original(backend, service_properties)
        primary = next((d for d in service.deployments if d.get("status") == "PRIMARY"), None)
        if primary is not None:
            primary.update(desiredCount=service.desired_count, runningCount=service.running_count,
                           pendingCount=service.pending_count, taskDefinition=service.task_definition,
                           rolloutState="COMPLETED", updatedAt=utcnow(),
                           rolloutStateReason=f"ECS deployment {primary['id']} completed.")
        return service


def _service_tasks_enabled():
    """ECS_EMULATOR_SERVICE_TASKS=1 in the server's environment turns on `services_start_tasks`."""
    return os.environ.get("ECS_EMULATOR_SERVICE_TASKS") == "1"


@patch
def services_start_tasks():
    """A service starts and stops real tasks for its desired count (opt-in).

    AWS: the service scheduler runs tasks of the service's task definition, in group
    `service:<name>`, until as many RUNNING tasks as the desired count exist; it stops the extra
    ones when the count goes down, replaces tasks of an older definition after a deployment, and
    stops them all when the service is deleted; each change is a service event ("(service web) has
    started 2 tasks: (task …) (task …).", "… was unable to place a task …"), and the running count
    is that of the tasks actually running. moto starts no task at all for a service, so
    `compose service ps` and `logs --task-id` never see one.
    On only when the server runs with ECS_EMULATOR_SERVICE_TASKS=1 (the end-to-end tests of the
    services): the recorded command corpus was made without it, and its `compose service ps` case
    lists exactly the tasks its setup ran.
    Test: test_service_starts_and_stops_its_tasks_when_enabled.
    """
    from moto.ecs.models import EC2ContainerServiceBackend

    def reconcile(backend, service):
        group = f"service:{service.name}"
        tasks = backend.tasks.get(service.cluster_name, {})
        running = [t for t in tasks.values() if t.group == group and t.desired_status == "RUNNING"]
        if service.status != "ACTIVE":
            service.desired_count = 0  # DeleteService: AWS drains the service to 0
        wanted = service.desired_count
        definition = backend.describe_task_definition(service.task_definition).arn if service.task_definition else None
        current = [t for t in running if t.task_definition_arn == definition]
        stopped = [t for t in running if t not in current] + current[wanted:]
        for task in stopped:
            backend.stop_task(service.cluster_name, task.task_arn, "Scaling activity initiated by deployment")
        if stopped:
            event(service, f"has stopped {len(stopped)} running tasks: " + " ".join(f"(task {t.id})" for t in stopped) + ".")
        kept = min(len(current), wanted)
        missing = wanted - kept
        started = []
        if missing > 0 and definition:
            network = getattr(service, "network_configuration", None) or None
            try:
                started = backend.run_task(service.cluster_name, definition, missing, None,
                                           f"ecs-svc/{service.name}", None, service.launch_type or None,
                                           networking_configuration=network, group=group)
            except Exception as exc:  # moto: "No instances found in cluster …"
                if "No instances found" not in str(exc):
                    raise
                started = []
            if started:
                event(service, f"has started {len(started)} tasks: " + " ".join(f"(task {t.id})" for t in started) + ".")
            if len(started) < missing:
                event(service, "was unable to place a task because no container instance met all of its requirements.")
        # The counts are those of the real tasks (a task that could not be placed does not run).
        service.running_count = kept + len(started)
        service.pending_count = 0
        for deployment in service.deployments:
            if deployment.get("status") == "PRIMARY":
                deployment.update(runningCount=service.running_count, pendingCount=0)

    def event(service, text):
        from moto.core.utils import utcnow
        from moto.moto_api._internal import mock_random

        service.events.insert(0, {"id": str(mock_random.uuid4()), "createdAt": utcnow(),
                                  "message": f"(service {service.name}) {text}"})

    @around(EC2ContainerServiceBackend, "create_service")
    def create_service(original, backend, *args, **kwargs):
        service = original(backend, *args, **kwargs)
        if _service_tasks_enabled():
            reconcile(backend, service)
        return service

    @around(EC2ContainerServiceBackend, "update_service")
    def update_service(original, backend, service_properties):
        service = original(backend, service_properties)
        if _service_tasks_enabled():
            reconcile(backend, service)
        return service

    @around(EC2ContainerServiceBackend, "delete_service")
    def delete_service(original, backend, *args, **kwargs):
        service = original(backend, *args, **kwargs)
        if _service_tasks_enabled():
            reconcile(backend, service)
        return service


@patch
def update_service_reports_the_task_definition_arn():
    """After UpdateService(taskDefinition=...), the service reports the definition's full ARN.

    AWS: `taskDefinition` of a service is always the ARN (`arn:...:task-definition/web:2`). moto
    stores whatever string the request had (`web:2`, or just `web`).
    Test: test_update_service_reports_the_task_definition_arn.
    """
    from moto.ecs.models import EC2ContainerServiceBackend

    @around(EC2ContainerServiceBackend, "update_service")
    def update_service(original, backend, service_properties):
        wanted = service_properties.get("task_definition")
        service = original(backend, service_properties)  # checks the service, then the definition
        if wanted:
            arn = backend.describe_task_definition(wanted).arn
            service.task_definition = arn
            for deployment in service.deployments:
                if deployment.get("status") == "PRIMARY":
                    deployment["taskDefinition"] = arn
        return service


# --------------------------------------------------------------------------------------------------
# Task definitions

# (applies to the definition, attribute) in the order they are listed: first the task-level ones,
# then, per container in definition order, its own.
_TASK_ATTRIBUTES = (
    (lambda td: td.network_mode == "awsvpc", "ecs.capability.task-eni"),
    (lambda td: getattr(td, "task_role_arn", None), "com.amazonaws.ecs.capability.task-iam-role"),
)


def _container_attributes(td, container):
    log_driver = (container.get("logConfiguration") or {}).get("logDriver")
    execution_role = getattr(td, "execution_role_arn", None)
    ecr_image = ".dkr.ecr." in str(container.get("image") or "")
    rules = (
        (log_driver, f"com.amazonaws.ecs.capability.logging-driver.{log_driver}"),
        (log_driver, "com.amazonaws.ecs.capability.docker-remote-api.1.19"),
        (log_driver == "awslogs" and execution_role, "ecs.capability.execution-role-awslogs"),
        (container.get("dockerLabels"), "com.amazonaws.ecs.capability.docker-remote-api.1.18"),
        (ecr_image, "com.amazonaws.ecs.capability.ecr-auth"),
        (ecr_image and execution_role, "ecs.capability.execution-role-ecr-pull"),
        (container.get("repositoryCredentials"),
         "com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager"),
    )
    names = [name for applies, name in rules if applies]
    for secret in container.get("secrets") or []:
        kind = "ssm" if ":ssm:" in str(secret.get("valueFrom")) else "asm"
        names.append(f"ecs.capability.secrets.{kind}.environment-variables")
    if container.get("healthCheck"):
        names.append("ecs.capability.container-health-check")
    if container.get("dependsOn"):
        names.append("ecs.capability.container-ordering")
    return names


def required_attributes(td):
    """The attributes a container instance needs to run this task definition, as ECS derives them."""
    names = [name for applies, name in _TASK_ATTRIBUTES if applies(td)]
    for container in td.container_definitions or []:
        names.extend(_container_attributes(td, container))
    if any("efsVolumeConfiguration" in v for v in td.volumes or []):
        names.append("ecs.capability.efs")
    unique = list(dict.fromkeys(names))
    return [{"name": n} for n in unique]


@patch
def task_definition_lists_its_required_attributes():
    """DescribeTaskDefinition/RegisterTaskDefinition report `requiresAttributes`.

    AWS: ECS derives from the definition the container-instance attributes it needs (a log driver,
    a task role, docker labels, ECR images, secrets, health checks...). moto never returns any, so
    `check-attributes` could only ever answer "no attributes".
    Test: test_task_definition_lists_its_required_attributes; corpus 189/191/193-check-attributes.
    """
    from moto.ecs.models import TaskDefinition

    @around(TaskDefinition, "__init__")
    def init(original, td, *args, **kwargs):
        original(td, *args, **kwargs)
        td.requires_attributes = required_attributes(td)


@patch
def list_task_definitions_sorts_descending_on_request():
    """ListTaskDefinitions(sort=DESC) lists the newest revisions first.

    AWS: `sort` ASC (default) or DESC orders by family and revision. moto ignores it.
    Registered before list_calls_are_paged, so that pages are cut from the sorted list.
    Test: test_list_task_definitions_sort_desc.
    """
    from moto.core.responses import ActionResult
    from moto.ecs.responses import EC2ContainerServiceResponse

    @around(EC2ContainerServiceResponse, "list_task_definitions")
    def list_task_definitions(original, response):
        result = original(response)
        if response._get_param("sort") != "DESC":
            return result
        return ActionResult({**result.result, "taskDefinitionArns": result.result["taskDefinitionArns"][::-1]})


# --------------------------------------------------------------------------------------------------
# Paging and request limits

# Response method: (list key, page size when maxResults is not given).
_PAGED_LISTS = {
    "list_clusters": ("clusterArns", 100),
    "list_container_instances": ("containerInstanceArns", 100),
    "list_services": ("serviceArns", 10),
    "list_task_definition_families": ("families", 100),
    "list_task_definitions": ("taskDefinitionArns", 100),
    "list_tasks": ("taskArns", 100),
}
_MAX_PAGE = 100


def _encode_token(operation, offset):
    raw = json.dumps({"operation": operation, "offset": offset}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_token(operation, token):
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        offset = data["offset"]
        if data["operation"] == operation and isinstance(offset, int) and offset >= 0:
            return offset
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError):
        pass
    raise ecs_invalid_parameter("Invalid nextToken.")


@patch
def list_calls_are_paged():
    """ECS List* calls return one page at a time, with a `nextToken` for the rest.

    AWS: ListTasks, ListClusters, ListContainerInstances, ListTaskDefinitions and
    ListTaskDefinitionFamilies return at most 100 items (or `maxResults`, 1..100) per call;
    ListServices at most 10 unless maxResults says otherwise (up to 100); `nextToken` gives the
    next page. moto returns everything at once and ignores both parameters, so a client that reads
    only the first page would pass here and lose items on AWS.
    Test: test_list_tasks_pages_at_100_with_next_token, test_list_services_pages_at_10_by_default,
    test_list_calls_honour_max_results_and_reject_bad_values; tests/it/ps.rs
    `ps_over_many_tasks_lists_them_all`.
    """
    from moto.core.responses import ActionResult
    from moto.ecs.responses import EC2ContainerServiceResponse

    def paged(operation, key, default_size):
        @around(EC2ContainerServiceResponse, operation)
        def handler(original, response):
            size = response._get_param("maxResults")
            if size is None:
                size = default_size
            elif not isinstance(size, int) or not 1 <= size <= _MAX_PAGE:
                raise ecs_invalid_parameter(f"maxResults must be between 1 and {_MAX_PAGE}.")
            token = response._get_param("nextToken")
            start = _decode_token(operation, token) if token else 0
            items = list(original(response).result[key])
            page = {key: items[start:start + size]}
            if start + size < len(items):
                page["nextToken"] = _encode_token(operation, start + size)
            return ActionResult(page)

    for operation, (key, default_size) in _PAGED_LISTS.items():
        paged(operation, key, default_size)


# Response method: (request list parameter, AWS's limit, AWS's name for it in the error).
_DESCRIBE_LIMITS = {
    "describe_tasks": ("tasks", 100, "taskIds"),
    "describe_services": ("services", 10, "service names"),
    "describe_container_instances": ("containerInstances", 100, "instanceIds"),
}


@patch
def describe_calls_refuse_too_many_ids():
    """DescribeTasks takes at most 100 tasks, DescribeContainerInstances 100, DescribeServices 10.

    AWS: more is an InvalidParameterException ("taskIds can have at most 100 items.", "instanceIds
    can have at most 100 items.", "service names can have at most 10 items."). moto describes any
    number, so a client that forgets to batch would pass here and fail on AWS.
    Test: test_describe_calls_refuse_too_many_ids.
    """
    from moto.ecs.responses import EC2ContainerServiceResponse

    def capped(operation, parameter, limit, label):
        @around(EC2ContainerServiceResponse, operation)
        def handler(original, response):
            if len(response._get_param(parameter) or []) > limit:
                raise ecs_invalid_parameter(f"{label} can have at most {limit} items.")
            return original(response)

    for operation, (parameter, limit, label) in _DESCRIBE_LIMITS.items():
        capped(operation, parameter, limit, label)
