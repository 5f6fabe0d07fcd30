"""One test per emulator patch (tests/moto/patches/), against a real `server.py` process.

Run with the test venv's Python (moto[server]==5.2.5 + boto3), from the repository root:

    $PY -m unittest discover -s tests/moto -p 'test_*.py' -v

One server serves the whole module; every test starts from an emptied (reset) emulator.
"""
import base64
import datetime
import glob
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest

# Nothing of the caller's AWS set-up may reach boto3 or the servers.
for _key in list(os.environ):
    if _key.startswith(("AWS_", "MOTO_")) or _key.lower() in ("http_proxy", "https_proxy", "all_proxy"):
        del os.environ[_key]
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

import boto3  # noqa: E402
import botocore.config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "server.py")
AMI = "ami-061ecaadf85691afe"  # the ECS-optimized AL2 AMI moto's EC2 and SSM know in us-east-1


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    """A `server.py` process on a free loopback port."""

    def __init__(self, env=None):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="ecs-cli-moto-test-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [sys.executable, SERVER, "-H", "127.0.0.1", "-p", str(self.port), "--exit-with-stdin"],
            stdin=subprocess.PIPE, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        deadline = time.time() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server.py exited ({self.proc.returncode}); see {self.log.name}")
            try:
                if self.api("GET", "/moto-api/")[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                self.stop()
                raise RuntimeError(f"server.py did not answer within 60 s; see {self.log.name}")
            time.sleep(0.1)
        self._clients = {}

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def api(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body)
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def client(self, service, region="us-east-1"):
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = boto3.session.Session().client(
                service, region_name=region, endpoint_url=self.endpoint,
                aws_access_key_id="testing", aws_secret_access_key="testing",
                config=botocore.config.Config(retries={"max_attempts": 1}))
        return self._clients[key]

    def reset(self):
        status, _ = self.api("POST", "/moto-api/reset")
        assert status == 200, status

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()  # --exit-with-stdin: the server ends by itself
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        os.unlink(self.log.name)


EMULATOR = None


def setUpModule():
    global EMULATOR
    EMULATOR = Emulator()


def tearDownModule():
    EMULATOR.stop()


def error_of(call, *args, **kwargs):
    """(code, message) of the ClientError the call raises."""
    try:
        call(*args, **kwargs)
    except ClientError as exc:
        return exc.response["Error"]["Code"], exc.response["Error"]["Message"]
    raise AssertionError("the call did not fail")


class EmulatorTest(unittest.TestCase):
    def setUp(self):
        EMULATOR.reset()
        self.ecs = EMULATOR.client("ecs")
        self.ec2 = EMULATOR.client("ec2")

    # helpers -------------------------------------------------------------------------------------

    def cluster_with_instances(self, cluster="c1", n=1):
        """A cluster with n EC2 instances registered as container instances; their ARNs."""
        self.ecs.create_cluster(clusterName=cluster)
        arns = []
        for _ in range(n):
            instance = self.ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, InstanceType="t2.micro")
            doc = json.dumps({"instanceId": instance["Instances"][0]["InstanceId"], "region": "us-east-1"})
            ci = self.ecs.register_container_instance(cluster=cluster, instanceIdentityDocument=doc)
            arns.append(ci["containerInstance"]["containerInstanceArn"])
        return arns

    def network(self, cidr="10.30"):
        vpc = self.ec2.create_vpc(CidrBlock=f"{cidr}.0.0/16")["Vpc"]["VpcId"]
        subnet = self.ec2.create_subnet(VpcId=vpc, CidrBlock=f"{cidr}.1.0/24",
                                        AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
        group = self.ec2.create_security_group(GroupName="sg", Description="t", VpcId=vpc)["GroupId"]
        return vpc, subnet, group

    def fargate_definition(self, family="fg", container=None):
        container = container or {"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}]}
        return self.ecs.register_task_definition(
            family=family, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
            containerDefinitions=[container])["taskDefinition"]["taskDefinitionArn"]

    def run_fargate(self, definition, subnet, **vpc):
        config = {"subnets": [subnet], **vpc}
        return self.ecs.run_task(cluster="c1", taskDefinition=definition, launchType="FARGATE",
                                 networkConfiguration={"awsvpcConfiguration": config})["tasks"][0]

    def eni_of(self, task):
        eni_id = next(d["value"] for a in task["attachments"] for d in a["details"]
                      if d["name"] == "networkInterfaceId")
        return self.ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]

    def many_tasks(self, n):
        """n tasks (1 MiB each) on one container instance of cluster c1; their ARNs."""
        self.cluster_with_instances()
        td = self.ecs.register_task_definition(family="many", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 1}])["taskDefinition"]["taskDefinitionArn"]
        arns = []
        while len(arns) < n:
            count = min(10, n - len(arns))
            arns += [t["taskArn"] for t in self.ecs.run_task(cluster="c1", taskDefinition=td, count=count)["tasks"]]
        return arns


# ==================================================================================================
# core


class CoreTest(EmulatorTest):
    def test_reset_is_fast_and_empties_every_service(self):
        iam = EMULATOR.client("iam")
        slowest = 0.0
        for i in range(3):
            iam.create_role(RoleName=f"r{i}", AssumeRolePolicyDocument="{}")
            self.ecs.create_cluster(clusterName=f"c{i}")
            started = time.time()
            EMULATOR.reset()
            slowest = max(slowest, time.time() - started)
            self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])
            self.assertEqual(iam.list_roles()["Roles"], [])
        # moto's own reset rebuilds IAM's managed policies per partition: about a second or more.
        self.assertLess(slowest, 0.5)

    def test_seed_repeats_ids_and_dynamic_host_ports(self):
        def scenario():
            EMULATOR.reset()
            self.assertEqual(EMULATOR.api("POST", "/moto-api/seed?a=20240601")[0], 200)
            self.cluster_with_instances()
            td = self.ecs.register_task_definition(family="dyn", containerDefinitions=[
                {"name": "w", "image": "nginx", "memory": 8, "portMappings": [{"containerPort": 80}]}])
            task = self.ecs.run_task(cluster="c1", taskDefinition=td["taskDefinition"]["taskDefinitionArn"])
            task = task["tasks"][0]
            return task["taskArn"], task["containers"][0]["networkBindings"][0]["hostPort"]

        first, second = scenario(), scenario()
        self.assertEqual(first, second)
        self.assertTrue(32768 <= first[1] <= 60999, first)


# ==================================================================================================
# ec2


class Ec2Test(EmulatorTest):
    def test_awsvpc_task_runs_in_a_vpc_without_dns_hostnames(self):
        self.ecs.create_cluster(clusterName="c1")
        vpc, subnet, group = self.network()
        attribute = self.ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsHostnames")
        self.assertFalse(attribute["EnableDnsHostnames"]["Value"])
        task = self.run_fargate(self.fargate_definition(), subnet, securityGroups=[group])
        self.assertEqual(task["lastStatus"], "RUNNING")
        self.assertEqual(self.eni_of(task)["SubnetId"], subnet)


# ==================================================================================================
# ecs: tasks


class EcsTaskTest(EmulatorTest):
    def test_task_stays_running_when_described_again_and_again(self):
        self.cluster_with_instances()
        td = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
        arn = self.ecs.run_task(cluster="c1", taskDefinition=td)["tasks"][0]["taskArn"]
        for _ in range(6):
            task = self.ecs.describe_tasks(cluster="c1", tasks=[arn])["tasks"][0]
            self.assertEqual((task["lastStatus"], task["containers"][0]["lastStatus"]), ("RUNNING", "RUNNING"))

    def test_task_lists_every_container_with_its_bindings(self):
        self.cluster_with_instances()
        bridge = self.ecs.register_task_definition(family="bridge", containerDefinitions=[
            {"name": "web", "image": "nginx", "memory": 64, "cpu": 10,
             "portMappings": [{"containerPort": 80, "hostPort": 8080}]},
            {"name": "api", "image": "httpd", "memoryReservation": 32, "portMappings": [{"containerPort": 443}],
             "healthCheck": {"command": ["CMD-SHELL", "true"]}},
            {"name": "side", "image": "busybox", "memory": 16}])["taskDefinition"]["taskDefinitionArn"]
        task = self.ecs.run_task(cluster="c1", taskDefinition=bridge)["tasks"][0]
        web, api, side = task["containers"]
        self.assertEqual([c["name"] for c in task["containers"]], ["web", "api", "side"])
        self.assertEqual({c["taskArn"] for c in task["containers"]}, {task["taskArn"]})
        self.assertEqual(len({c["containerArn"] for c in task["containers"]}), 3)
        self.assertEqual(web["networkBindings"],
                         [{"bindIP": "0.0.0.0", "containerPort": 80, "hostPort": 8080, "protocol": "tcp"}])
        self.assertTrue(32768 <= api["networkBindings"][0]["hostPort"] <= 60999)
        self.assertEqual(side["networkBindings"], [])
        self.assertEqual((web["cpu"], web["memory"], api["memoryReservation"]), ("10", "64", "32"))
        self.assertEqual([c["healthStatus"] for c in task["containers"]], ["UNKNOWN", "HEALTHY", "UNKNOWN"])
        self.assertEqual({c["lastStatus"] for c in task["containers"]}, {"RUNNING"})

        host = self.ecs.register_task_definition(family="host", networkMode="host", containerDefinitions=[
            {"name": "h", "image": "nginx", "memory": 8, "portMappings": [{"containerPort": 9000}]}])
        task = self.ecs.run_task(cluster="c1", taskDefinition=host["taskDefinition"]["taskDefinitionArn"])["tasks"][0]
        self.assertEqual(task["containers"][0]["networkBindings"][0]["hostPort"], 9000)

        _, subnet, group = self.network()
        task = self.run_fargate(self.fargate_definition(), subnet, securityGroups=[group])
        ip = next(d["value"] for d in task["attachments"][0]["details"] if d["name"] == "privateIPv4Address")
        self.assertEqual(task["containers"][0]["networkInterfaces"],
                         [{"attachmentId": task["attachments"][0]["id"], "privateIpv4Address": ip}])
        self.ecs.stop_task(cluster="c1", task=task["taskArn"], reason="test")
        stopped = self.ecs.describe_tasks(cluster="c1", tasks=[task["taskArn"]])["tasks"][0]
        self.assertEqual(stopped["containers"][0]["lastStatus"], "STOPPED")

    def test_task_has_times_size_zone_and_stop_code(self):
        self.cluster_with_instances()
        td = self.ecs.register_task_definition(family="f", cpu="512", memory="1024", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
        task = self.ecs.run_task(cluster="c1", taskDefinition=td)["tasks"][0]
        for key in ("createdAt", "startedAt", "connectivityAt"):
            self.assertIsInstance(task[key], datetime.datetime, key)
        instance = self.ecs.describe_container_instances(
            cluster="c1", containerInstances=[task["containerInstanceArn"]])["containerInstances"][0]
        zone = next(a["value"] for a in instance["attributes"] if a["name"] == "ecs.availability-zone")
        self.assertEqual((task["cpu"], task["memory"], task["availabilityZone"], task["connectivity"]),
                         ("512", "1024", zone, "CONNECTED"))
        self.ecs.stop_task(cluster="c1", task=task["taskArn"], reason="done")
        stopped = self.ecs.describe_tasks(cluster="c1", tasks=[task["taskArn"]])["tasks"][0]
        self.assertEqual((stopped["lastStatus"], stopped["stopCode"], stopped["stoppedReason"]),
                         ("STOPPED", "UserInitiated", "done"))
        self.assertIsInstance(stopped["stoppedAt"], datetime.datetime)

        _, subnet, group = self.network()  # awsvpc: the subnet's zone
        task = self.run_fargate(self.fargate_definition(), subnet, securityGroups=[group])
        self.assertEqual(task["availabilityZone"], "us-east-1b")

    def test_fargate_task_with_public_ip_gets_one(self):
        self.ecs.create_cluster(clusterName="c1")
        _, subnet, group = self.network()
        td = self.fargate_definition()
        public = self.run_fargate(td, subnet, securityGroups=[group], assignPublicIp="ENABLED")
        private = self.run_fargate(td, subnet, securityGroups=[group], assignPublicIp="DISABLED")
        self.assertRegex(self.eni_of(public)["Association"]["PublicIp"], r"^\d+\.\d+\.\d+\.\d+$")
        self.assertNotIn("Association", self.eni_of(private))

    def test_awsvpc_task_without_security_groups_gets_the_vpc_default_group(self):
        self.ecs.create_cluster(clusterName="c1")
        vpc, subnet, _ = self.network()
        default = self.ec2.describe_security_groups(Filters=[
            {"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
        task = self.run_fargate(self.fargate_definition(), subnet)
        self.assertEqual([g["GroupId"] for g in self.eni_of(task)["Groups"]], [default[0]["GroupId"]])

    def test_run_task_count_above_ten_is_refused(self):
        self.cluster_with_instances()
        td = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 1}])["taskDefinition"]["taskDefinitionArn"]
        self.assertEqual(len(self.ecs.run_task(cluster="c1", taskDefinition=td, count=10)["tasks"]), 10)
        code, _ = error_of(self.ecs.run_task, cluster="c1", taskDefinition=td, count=11)
        self.assertEqual(code, "InvalidParameterException")

    def test_list_tasks_by_service_name_keeps_the_service_group(self):
        self.cluster_with_instances()
        td = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 1}])["taskDefinition"]["taskDefinitionArn"]
        self.ecs.create_service(cluster="c1", serviceName="web", taskDefinition=td, desiredCount=2)
        mine = [t["taskArn"] for t in
                self.ecs.run_task(cluster="c1", taskDefinition=td, count=2, group="service:web")["tasks"]]
        self.ecs.run_task(cluster="c1", taskDefinition=td, count=3, group="task:other")
        self.assertEqual(sorted(self.ecs.list_tasks(cluster="c1", serviceName="web")["taskArns"]), sorted(mine))
        self.assertEqual(len(self.ecs.list_tasks(cluster="c1")["taskArns"]), 5)

    def test_fargate_task_without_container_memory_runs(self):
        self.ecs.create_cluster(clusterName="c1")
        _, subnet, group = self.network()
        td = self.fargate_definition(container={"name": "app", "image": "nginx"})
        task = self.run_fargate(td, subnet, securityGroups=[group])
        self.assertEqual((task["lastStatus"], task["memory"]), ("RUNNING", "512"))
        self.assertNotIn("memory", task["containers"][0])


# ==================================================================================================
# ecs: account settings, services, task definitions


class EcsServiceTest(EmulatorTest):
    def test_account_settings_report_long_arn_formats_enabled(self):
        settings = self.ecs.list_account_settings(effectiveSettings=True)["settings"]
        self.assertEqual({s["name"]: s["value"] for s in settings}, {
            "serviceLongArnFormat": "enabled", "taskLongArnFormat": "enabled",
            "containerInstanceLongArnFormat": "enabled"})
        self.ecs.put_account_setting(name="taskLongArnFormat", value="disabled")
        one = self.ecs.list_account_settings(effectiveSettings=True, name="taskLongArnFormat")["settings"]
        self.assertEqual([(s["name"], s["value"]) for s in one], [("taskLongArnFormat", "disabled")])

    def test_service_runs_its_desired_count_after_create_and_update(self):
        self.cluster_with_instances()
        td = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
        service = self.ecs.create_service(cluster="c1", serviceName="web", taskDefinition=td, desiredCount=2)
        service = service["service"]
        self.assertEqual((service["desiredCount"], service["runningCount"], service["pendingCount"]), (2, 2, 0))
        deployment = service["deployments"][0]
        self.assertEqual((deployment["runningCount"], deployment["rolloutState"]), (2, "COMPLETED"))
        for count in (5, 0):
            self.ecs.update_service(cluster="c1", service="web", desiredCount=count)
            service = self.ecs.describe_services(cluster="c1", services=["web"])["services"][0]
            self.assertEqual((service["desiredCount"], service["runningCount"], service["pendingCount"]),
                             (count, count, 0))
            deployment = service["deployments"]
            self.assertEqual(len(deployment), 1)
            self.assertEqual((deployment[0]["desiredCount"], deployment[0]["runningCount"]), (count, count))
        # No task is started for the counts.
        self.assertEqual(self.ecs.list_tasks(cluster="c1")["taskArns"], [])

    def test_daemon_service_runs_one_task_per_active_instance(self):
        instances = self.cluster_with_instances(n=3)
        self.ecs.update_container_instances_state(cluster="c1", containerInstances=[instances[0]],
                                                  status="DRAINING")
        td = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
        service = self.ecs.create_service(cluster="c1", serviceName="d", taskDefinition=td,
                                          schedulingStrategy="DAEMON")["service"]
        self.assertEqual((service["desiredCount"], service["runningCount"]), (2, 2))

    def test_client_token_makes_run_task_and_create_service_idempotent(self):
        self.cluster_with_instances()
        td = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
        first = self.ecs.run_task(cluster="c1", taskDefinition=td, count=2, clientToken="t1")["tasks"]
        again = self.ecs.run_task(cluster="c1", taskDefinition=td, count=2, clientToken="t1")["tasks"]
        self.assertEqual([t["taskArn"] for t in first], [t["taskArn"] for t in again])
        self.assertEqual(len(self.ecs.list_tasks(cluster="c1")["taskArns"]), 2)
        self.ecs.run_task(cluster="c1", taskDefinition=td, count=1, clientToken="t2")
        self.assertEqual(len(self.ecs.list_tasks(cluster="c1")["taskArns"]), 3)
        a = self.ecs.create_service(cluster="c1", serviceName="s", taskDefinition=td, desiredCount=0,
                                    clientToken="c1")["service"]["serviceArn"]
        b = self.ecs.create_service(cluster="c1", serviceName="s", taskDefinition=td, desiredCount=0,
                                    clientToken="c1")["service"]["serviceArn"]
        self.assertEqual(a, b)

    def test_service_starts_and_stops_its_tasks_when_enabled(self):
        # Off by default (the shared emulator): the counts only.
        self.cluster_with_instances()
        td = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
        self.ecs.create_service(cluster="c1", serviceName="web", taskDefinition=td, desiredCount=2)
        self.assertEqual(self.ecs.list_tasks(cluster="c1")["taskArns"], [])
        # On with ECS_EMULATOR_SERVICE_TASKS=1.
        emulator = Emulator(env={"ECS_EMULATOR_SERVICE_TASKS": "1"})
        try:
            ecs = emulator.client("ecs")
            ec2 = emulator.client("ec2")
            ecs.create_cluster(clusterName="c1")
            instance = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1,
                                         InstanceType="t2.micro")["Instances"][0]
            doc = json.dumps({"instanceId": instance["InstanceId"], "region": "us-east-1"})
            ecs.register_container_instance(cluster="c1", instanceIdentityDocument=doc)
            td = ecs.register_task_definition(family="f", containerDefinitions=[
                {"name": "w", "image": "busybox", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]

            def running():
                arns = ecs.list_tasks(cluster="c1", serviceName="web", desiredStatus="RUNNING")["taskArns"]
                return ecs.describe_tasks(cluster="c1", tasks=arns)["tasks"] if arns else []

            ecs.create_service(cluster="c1", serviceName="web", taskDefinition=td, desiredCount=2)
            self.assertEqual([t["group"] for t in running()], ["service:web"] * 2)
            events = ecs.describe_services(cluster="c1", services=["web"])["services"][0]["events"]
            self.assertTrue(events[0]["message"].startswith("(service web) has started 2 tasks: (task "))
            ecs.update_service(cluster="c1", service="web", desiredCount=3)
            self.assertEqual(len(running()), 3)
            second = ecs.register_task_definition(family="f", containerDefinitions=[
                {"name": "w", "image": "busybox:2", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
            ecs.update_service(cluster="c1", service="web", desiredCount=1, taskDefinition=second)
            self.assertEqual([t["taskDefinitionArn"] for t in running()], [second])
            ecs.delete_service(cluster="c1", service="web", force=True)
            self.assertEqual(running(), [])
        finally:
            emulator.stop()

    def test_update_service_reports_the_task_definition_arn(self):
        self.cluster_with_instances()
        first = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
        second = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox:2", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
        self.ecs.create_service(cluster="c1", serviceName="web", taskDefinition=first, desiredCount=1)
        updated = self.ecs.update_service(cluster="c1", service="web", taskDefinition="f")["service"]
        self.assertEqual((updated["taskDefinition"], updated["deployments"][0]["taskDefinition"]),
                         (second, second))
        code, _ = error_of(self.ecs.update_service, cluster="c1", service="nope", taskDefinition="nope")
        self.assertEqual(code, "ServiceNotFoundException")

    def test_task_definition_lists_its_required_attributes(self):
        role = "arn:aws:iam::123456789012:role/r"
        logs = {"logDriver": "awslogs", "options": {"awslogs-group": "g", "awslogs-region": "us-east-1"}}
        self.ecs.register_task_definition(
            family="rich", taskRoleArn=role, executionRoleArn=role, containerDefinitions=[
                {"name": "web", "image": "nginx", "memory": 8, "logConfiguration": logs, "dockerLabels": {"a": "b"}},
                {"name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1", "memory": 8,
                 "healthCheck": {"command": ["CMD", "true"]},
                 "secrets": [{"name": "S", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/p"}]}])
        td = self.ecs.describe_task_definition(taskDefinition="rich")["taskDefinition"]
        self.assertEqual([a["name"] for a in td["requiresAttributes"]], [
            "com.amazonaws.ecs.capability.task-iam-role",
            "com.amazonaws.ecs.capability.logging-driver.awslogs",
            "com.amazonaws.ecs.capability.docker-remote-api.1.19",
            "ecs.capability.execution-role-awslogs",
            "com.amazonaws.ecs.capability.docker-remote-api.1.18",
            "com.amazonaws.ecs.capability.ecr-auth",
            "ecs.capability.execution-role-ecr-pull",
            "ecs.capability.secrets.ssm.environment-variables",
            "ecs.capability.container-health-check",
        ])
        self.ecs.register_task_definition(family="plain", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 8}])
        plain = self.ecs.describe_task_definition(taskDefinition="plain")["taskDefinition"]
        self.assertEqual(plain.get("requiresAttributes", []), [])

    def test_list_task_definitions_sort_desc(self):
        arns = [self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": f"busybox:{i}", "memory": 8}])["taskDefinition"]["taskDefinitionArn"]
            for i in range(3)]
        self.assertEqual(self.ecs.list_task_definitions(familyPrefix="f")["taskDefinitionArns"], arns)
        self.assertEqual(self.ecs.list_task_definitions(familyPrefix="f", sort="DESC")["taskDefinitionArns"],
                         arns[::-1])


# ==================================================================================================
# ecs: paging and request limits


class EcsLimitsTest(EmulatorTest):
    def test_list_tasks_pages_at_100_with_next_token(self):
        arns = self.many_tasks(250)
        first = self.ecs.list_tasks(cluster="c1")
        self.assertEqual(len(first["taskArns"]), 100)
        second = self.ecs.list_tasks(cluster="c1", nextToken=first["nextToken"])
        third = self.ecs.list_tasks(cluster="c1", nextToken=second["nextToken"])
        self.assertEqual((len(second["taskArns"]), len(third["taskArns"])), (100, 50))
        self.assertNotIn("nextToken", third)
        self.assertEqual(first["taskArns"] + second["taskArns"] + third["taskArns"], arns)
        paginated = [a for page in self.ecs.get_paginator("list_tasks").paginate(cluster="c1")
                     for a in page["taskArns"]]
        self.assertEqual(paginated, arns)

    def test_list_services_pages_at_10_by_default(self):
        self.cluster_with_instances()
        td = self.ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "w", "image": "busybox", "memory": 1}])["taskDefinition"]["taskDefinitionArn"]
        for i in range(12):
            self.ecs.create_service(cluster="c1", serviceName=f"s{i:02}", taskDefinition=td, desiredCount=0)
        first = self.ecs.list_services(cluster="c1")
        rest = self.ecs.list_services(cluster="c1", nextToken=first["nextToken"])
        self.assertEqual((len(first["serviceArns"]), len(rest["serviceArns"])), (10, 2))
        self.assertEqual(len(self.ecs.list_services(cluster="c1", maxResults=100)["serviceArns"]), 12)

    def test_list_calls_honour_max_results_and_reject_bad_values(self):
        self.cluster_with_instances(n=3)
        for name in ("c2", "c3"):
            self.ecs.create_cluster(clusterName=name)
        for family in ("a", "b", "c"):
            self.ecs.register_task_definition(family=family, containerDefinitions=[
                {"name": "w", "image": "busybox", "memory": 1}])
        calls = [
            (self.ecs.list_clusters, {}, "clusterArns", 3),
            (self.ecs.list_container_instances, {"cluster": "c1"}, "containerInstanceArns", 3),
            (self.ecs.list_task_definitions, {}, "taskDefinitionArns", 3),
            (self.ecs.list_task_definition_families, {}, "families", 3),
            (self.ecs.list_tasks, {"cluster": "c1"}, "taskArns", 0),
        ]
        for call, kwargs, key, total in calls:
            with self.subTest(call=call.__name__):
                page = call(maxResults=2, **kwargs)
                items = page[key]
                if total > 2:
                    items = items + call(maxResults=2, nextToken=page["nextToken"], **kwargs)[key]
                self.assertEqual(len(items), total)
                self.assertEqual(len(set(items)), total)
                for bad in (0, 101):
                    self.assertEqual(error_of(call, maxResults=bad, **kwargs)[0], "InvalidParameterException")
                self.assertEqual(error_of(call, nextToken="not-a-token", **kwargs)[0], "InvalidParameterException")

    def test_describe_calls_refuse_too_many_ids(self):
        self.ecs.create_cluster(clusterName="c1")
        fake = [f"arn:aws:ecs:us-east-1:123456789012:task/c1/{i:032x}" for i in range(101)]
        self.assertEqual(error_of(self.ecs.describe_tasks, cluster="c1", tasks=fake),
                         ("InvalidParameterException", "taskIds can have at most 100 items."))
        self.assertEqual(self.ecs.describe_tasks(cluster="c1", tasks=fake[:100])["tasks"], [])
        self.assertEqual(error_of(self.ecs.describe_services, cluster="c1", services=[f"s{i}" for i in range(11)]),
                         ("InvalidParameterException", "service names can have at most 10 items."))
        self.assertEqual(len(self.ecs.describe_services(cluster="c1", services=[f"s{i}" for i in range(10)])
                             ["failures"]), 10)
        self.assertEqual(error_of(self.ecs.describe_container_instances, cluster="c1", containerInstances=fake),
                         ("InvalidParameterException", "instanceIds can have at most 100 items."))


# ==================================================================================================
# ecr, logs, ssm


def manifest(n):
    return json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 100 + n,
                   "digest": "sha256:" + f"{n:x}".rjust(64, "0")},
        "layers": []})


class OtherServicesTest(EmulatorTest):
    def test_image_push_time_is_three_hours_back(self):
        ecr = EMULATOR.client("ecr")
        ecr.create_repository(repositoryName="repo")
        ecr.put_image(repositoryName="repo", imageManifest=manifest(1), imageTag="v1")
        pushed = ecr.describe_images(repositoryName="repo")["imageDetails"][0]["imagePushedAt"]
        age = datetime.datetime.now(datetime.timezone.utc) - pushed
        self.assertLess(abs(age - datetime.timedelta(hours=3)), datetime.timedelta(minutes=5))

    def test_describe_images_filters_on_tag_status(self):
        ecr = EMULATOR.client("ecr")
        ecr.create_repository(repositoryName="repo")
        ecr.put_image(repositoryName="repo", imageManifest=manifest(1), imageTag="v1")
        ecr.put_image(repositoryName="repo", imageManifest=manifest(2), imageTag="v2")
        ecr.batch_delete_image(repositoryName="repo", imageIds=[{"imageTag": "v2"}])
        ecr.put_image(repositoryName="repo", imageManifest=manifest(3))

        def tags(status):
            details = ecr.describe_images(repositoryName="repo", filter={"tagStatus": status})["imageDetails"]
            return sorted(tuple(d.get("imageTags", [])) for d in details)

        self.assertEqual(tags("TAGGED"), [("v1",)])
        self.assertEqual(tags("UNTAGGED"), [()])
        self.assertEqual(tags("ANY"), [(), ("v1",)])

    def test_authorization_token_names_the_test_registry(self):
        plain = EMULATOR.client("ecr").get_authorization_token()["authorizationData"][0]
        self.assertEqual(plain["proxyEndpoint"], "https://123456789012.dkr.ecr.us-east-1.amazonaws.com")
        other = Emulator(env={"ECS_TEST_ECR_REGISTRY": "127.0.0.1:5999"})
        try:
            data = other.client("ecr").get_authorization_token(registryIds=["123456789012"])["authorizationData"][0]
            self.assertEqual(data["proxyEndpoint"], "https://127.0.0.1:5999")
            self.assertEqual(base64.b64decode(data["authorizationToken"]).decode(), "AWS:123456789012-auth-token")
        finally:
            other.stop()

    def test_put_log_events_keeps_events_from_2020(self):
        logs = EMULATOR.client("logs")
        logs.create_log_group(logGroupName="g")
        logs.create_log_stream(logGroupName="g", logStreamName="s")
        t0 = 1600000000000  # 2020-09-13
        result = logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[
            {"timestamp": t0 + i, "message": f"m{i}"} for i in range(3)])
        self.assertNotIn("rejectedLogEventsInfo", result)
        events = logs.filter_log_events(logGroupName="g", startTime=t0, endTime=t0 + 10)["events"]
        self.assertEqual([e["message"] for e in events], ["m0", "m1", "m2"])
        future = int(time.time() * 1000) + 3 * 3600 * 1000
        result = logs.put_log_events(logGroupName="g", logStreamName="s",
                                     logEvents=[{"timestamp": future, "message": "later"}])
        self.assertEqual(result["rejectedLogEventsInfo"], {"tooNewLogEventStartIndex": 0})
        code, _ = error_of(logs.put_log_events, logGroupName="g", logStreamName="s", logEvents=[
            {"timestamp": t0 + 5, "message": "b"}, {"timestamp": t0 + 1, "message": "a"}])
        self.assertEqual(code, "InvalidParameterException")

    def test_recommended_ami_parameter_is_json(self):
        ssm = EMULATOR.client("ssm")
        name = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended"
        value = json.loads(ssm.get_parameter(Name=name)["Parameter"]["Value"])
        self.assertEqual(value["image_id"], AMI)
        self.assertEqual(ssm.get_parameter(Name=name + "/image_id")["Parameter"]["Value"], AMI)


# ==================================================================================================
# cloudformation

NETWORK_TEMPLATE = {
    "Resources": {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {
            "VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24",
            "AvailabilityZone": {"Fn::Select": [1, {"Fn::GetAZs": {"Ref": "AWS::Region"}}]}}},
        "Subnet2": {"Type": "AWS::EC2::Subnet", "Properties": {
            "VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24",
            "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}}},
        "Gateway": {"Type": "AWS::EC2::InternetGateway"},
        "Attach": {"Type": "AWS::EC2::VPCGatewayAttachment",
                   "Properties": {"VpcId": {"Ref": "Vpc"}, "InternetGatewayId": {"Ref": "Gateway"}}},
        "Routes": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
        "Route": {"Type": "AWS::EC2::Route", "DependsOn": "Attach", "Properties": {
            "RouteTableId": {"Ref": "Routes"}, "DestinationCidrBlock": "0.0.0.0/0",
            "GatewayId": {"Ref": "Gateway"}}},
        "Association": {"Type": "AWS::EC2::SubnetRouteTableAssociation",
                        "Properties": {"SubnetId": {"Ref": "Subnet"}, "RouteTableId": {"Ref": "Routes"}}},
        "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "stack-cluster"}},
    },
    "Outputs": {"VpcId": {"Value": {"Ref": "Vpc"}}},
}


class CloudFormationTest(EmulatorTest):
    def stack(self, name, region="us-east-1"):
        cf = EMULATOR.client("cloudformation", region)
        return cf.describe_stacks(StackName=name)["Stacks"][0]

    def test_get_azs_follows_the_stack_region(self):
        cf = EMULATOR.client("cloudformation", "us-west-2")
        cf.create_stack(StackName="net", TemplateBody=json.dumps(NETWORK_TEMPLATE))
        self.assertEqual(self.stack("net", "us-west-2")["StackStatus"], "CREATE_COMPLETE")
        vpc = self.stack("net", "us-west-2")["Outputs"][0]["OutputValue"]
        subnets = EMULATOR.client("ec2", "us-west-2").describe_subnets(
            Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
        self.assertEqual(sorted(s["AvailabilityZone"] for s in subnets), ["us-west-2a", "us-west-2b"])

    def test_delete_stack_removes_the_ecs_cli_network_and_cluster(self):
        cf = EMULATOR.client("cloudformation")
        cf.create_stack(StackName="net", TemplateBody=json.dumps(NETWORK_TEMPLATE))
        vpc = self.stack("net")["Outputs"][0]["OutputValue"]
        cf.delete_stack(StackName="net")
        self.assertEqual(error_of(cf.describe_stacks, StackName="net")[0], "ValidationError")
        self.assertEqual(self.ec2.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Vpcs"], [])
        self.assertEqual(self.ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"], [])
        cluster = self.ecs.describe_clusters(clusters=["stack-cluster"])["clusters"][0]
        self.assertEqual(cluster["status"], "INACTIVE")

    def test_validate_template_accepts_an_unused_parameter(self):
        cf = EMULATOR.client("cloudformation")
        template = {"Parameters": {"Unused": {"Type": "String", "Default": "x"}},
                    "Resources": {"Cluster": {"Type": "AWS::ECS::Cluster"}}}
        cf.validate_template(TemplateBody=json.dumps(template))  # W2001 "Parameter Unused not used"
        broken = {"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"NoSuchProperty": 1}}}}
        self.assertEqual(error_of(cf.validate_template, TemplateBody=json.dumps(broken))[0], "ValidationError")

    def test_stack_resources_skip_a_resource_whose_condition_is_false(self):
        cf = EMULATOR.client("cloudformation")
        template = {
            "Parameters": {"Make": {"Type": "String", "Default": "no"}},
            "Conditions": {"Wanted": {"Fn::Equals": [{"Ref": "Make"}, "yes"]}},
            "Resources": {"Cluster": {"Type": "AWS::ECS::Cluster"},
                          "Optional": {"Type": "AWS::ECS::Cluster", "Condition": "Wanted"}}}
        cf.create_stack(StackName="cond", TemplateBody=json.dumps(template))
        listed = cf.list_stack_resources(StackName="cond")["StackResourceSummaries"]
        self.assertEqual([r["LogicalResourceId"] for r in listed], ["Cluster"])
        described = cf.describe_stack_resources(StackName="cond")["StackResources"]
        self.assertEqual([r["LogicalResourceId"] for r in described], ["Cluster"])
        one = cf.describe_stack_resources(StackName="cond", LogicalResourceId="Cluster")["StackResources"]
        self.assertEqual(len(one), 1)

    def test_update_stack_use_previous_value_of_a_defaulted_parameter(self):
        cf = EMULATOR.client("cloudformation")
        template = {"Parameters": {"Name": {"Type": "String", "Default": "first"},
                                   "Size": {"Type": "String", "Default": "1"}},
                    "Resources": {"Cluster": {"Type": "AWS::ECS::Cluster",
                                              "Properties": {"ClusterName": {"Ref": "Name"}}}}}
        cf.create_stack(StackName="upd", TemplateBody=json.dumps(template))
        cf.update_stack(StackName="upd", UsePreviousTemplate=True, Parameters=[
            {"ParameterKey": "Name", "UsePreviousValue": True}, {"ParameterKey": "Size", "ParameterValue": "2"}])
        stack = self.stack("upd")
        self.assertEqual(stack["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual({p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]},
                         {"Name": "first", "Size": "2"})

    def test_update_stack_changes_only_what_uses_a_changed_parameter(self):
        cf = EMULATOR.client("cloudformation")
        template = {"Parameters": {"Cidr": {"Type": "String", "Default": "10.5.0.0/16"},
                                   "Zones": {"Type": "CommaDelimitedList", "Default": ""},
                                   "Name": {"Type": "String", "Default": "a"}},
                    "Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Ref": "Cidr"}}},
                                  "Cluster": {"Type": "AWS::ECS::Cluster",
                                              "Properties": {"ClusterName": {"Ref": "Name"}}}}}
        cf.create_stack(StackName="diff", TemplateBody=json.dumps(template))
        vpc = cf.describe_stack_resource(StackName="diff", LogicalResourceId="Vpc")[
            "StackResourceDetail"]["PhysicalResourceId"]
        cf.update_stack(StackName="diff", UsePreviousTemplate=True, Parameters=[
            {"ParameterKey": "Cidr", "UsePreviousValue": True},
            {"ParameterKey": "Zones", "UsePreviousValue": True},
            {"ParameterKey": "Name", "ParameterValue": "b"}])
        self.assertEqual(self.stack("diff")["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(cf.describe_stack_resource(StackName="diff", LogicalResourceId="Vpc")[
            "StackResourceDetail"]["PhysicalResourceId"], vpc)
        self.assertEqual(self.ecs.describe_clusters(clusters=["b"])["clusters"][0]["status"], "ACTIVE")

    def test_list_parameters_are_reported_as_text(self):
        cf = EMULATOR.client("cloudformation")
        template = {"Parameters": {"Ids": {"Type": "CommaDelimitedList", "Default": ""},
                                   "Zones": {"Type": "CommaDelimitedList", "Default": ""}},
                    "Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.6.0.0/16"}}}}
        cf.create_stack(StackName="lists", TemplateBody=json.dumps(template),
                        Parameters=[{"ParameterKey": "Ids", "ParameterValue": "a,b"}])
        self.assertEqual({p["ParameterKey"]: p["ParameterValue"] for p in self.stack("lists")["Parameters"]},
                         {"Ids": "a,b", "Zones": ""})

    def test_delete_stack_failure_leaves_the_stack_delete_failed(self):
        cf = EMULATOR.client("cloudformation")
        sd = EMULATOR.client("servicediscovery")
        vpc = self.ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        template = {"Resources": {"Namespace": {"Type": "AWS::ServiceDiscovery::PrivateDnsNamespace",
                                                "Properties": {"Name": "corp.local", "Vpc": vpc}}},
                    "Outputs": {"Id": {"Value": {"Ref": "Namespace"}}}}
        cf.create_stack(StackName="ns", TemplateBody=json.dumps(template))
        namespace = self.stack("ns")["Outputs"][0]["OutputValue"]
        sd.create_service(Name="outside", NamespaceId=namespace,
                          DnsConfig={"DnsRecords": [{"Type": "A", "TTL": 60}]})
        cf.delete_stack(StackName="ns")
        self.assertEqual(self.stack("ns")["StackStatus"], "DELETE_FAILED")
        events = cf.describe_stack_events(StackName="ns")["StackEvents"]
        failed = [e for e in events if e["ResourceStatus"] == "DELETE_FAILED"]
        self.assertEqual(len(failed), 1)
        self.assertIn("service", failed[0]["ResourceStatusReason"])
        self.assertEqual(sd.get_namespace(Id=namespace)["Namespace"]["Name"], "corp.local")

    def test_create_stack_failure_rolls_back(self):
        cf = EMULATOR.client("cloudformation")
        template = {"Resources": {
            "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "made-then-removed"}},
            "Broken": {"Type": "AWS::EC2::Subnet", "DependsOn": "Cluster",
                       "Properties": {"VpcId": "vpc-12345678", "CidrBlock": "10.9.0.0/24"}}}}
        cf.create_stack(StackName="bad", TemplateBody=json.dumps(template))
        self.assertEqual(self.stack("bad")["StackStatus"], "ROLLBACK_COMPLETE")
        events = cf.describe_stack_events(StackName="bad")["StackEvents"]
        statuses = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(events)]
        self.assertEqual(statuses, [("bad", "CREATE_IN_PROGRESS"), ("Broken", "CREATE_FAILED"),
                                    ("bad", "ROLLBACK_IN_PROGRESS"), ("bad", "ROLLBACK_COMPLETE")])
        self.assertIn("vpc-12345678", events[2]["ResourceStatusReason"])
        self.assertEqual(cf.list_stack_resources(StackName="bad")["StackResourceSummaries"], [])
        cluster = self.ecs.describe_clusters(clusters=["made-then-removed"])["clusters"]
        self.assertEqual([c["status"] for c in cluster], ["INACTIVE"])


# ==================================================================================================
# servicediscovery


class CloudMapTest(EmulatorTest):
    def setUp(self):
        super().setUp()
        self.sd = EMULATOR.client("servicediscovery")
        self.vpc = self.ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]

    def namespace(self, name="corp.local", vpc=None):
        operation = self.sd.create_private_dns_namespace(Name=name, Vpc=vpc or self.vpc)["OperationId"]
        return self.sd.get_operation(OperationId=operation)["Operation"]["Targets"]["NAMESPACE"]

    def dns_service(self, name, namespace):
        return self.sd.create_service(Name=name, DnsConfig={
            "NamespaceId": namespace, "DnsRecords": [{"Type": "A", "TTL": 60}]})["Service"]

    def test_private_namespace_zone_is_named_after_it_and_in_the_vpc(self):
        route53 = EMULATOR.client("route53")
        namespace = self.namespace()
        zone_id = self.sd.get_namespace(Id=namespace)["Namespace"]["Properties"]["DnsProperties"]["HostedZoneId"]
        self.assertNotIn("/", zone_id)
        zone = route53.get_hosted_zone(Id=zone_id)
        self.assertEqual(zone["HostedZone"]["Name"], "corp.local.")
        self.assertTrue(zone["HostedZone"]["Config"]["PrivateZone"])
        self.assertEqual([v["VPCId"] for v in zone["VPCs"]], [self.vpc])
        found = route53.list_hosted_zones_by_name(DNSName="corp.local")["HostedZones"]
        self.assertEqual(found[0]["Id"].split("/")[-1], zone_id)
        self.namespace("other.local")  # another name in the same VPC is fine
        self.assertEqual(error_of(self.namespace)[0], "ConflictingDomainExists")
        self.sd.delete_namespace(Id=namespace)
        self.assertEqual(error_of(route53.get_hosted_zone, Id=zone_id)[0], "NoSuchHostedZone")
        public = self.sd.create_public_dns_namespace(Name="example.com")["OperationId"]
        public = self.sd.get_operation(OperationId=public)["Operation"]["Targets"]["NAMESPACE"]
        zone_id = self.sd.get_namespace(Id=public)["Namespace"]["Properties"]["DnsProperties"]["HostedZoneId"]
        self.assertEqual(route53.get_hosted_zone(Id=zone_id)["HostedZone"]["Name"], "example.com.")

    def test_cloud_map_service_defaults_and_duplicate_name(self):
        namespace = self.namespace()
        service = self.dns_service("web", namespace)
        self.assertEqual((service["NamespaceId"], service["DnsConfig"]["RoutingPolicy"], service["Type"]),
                         (namespace, "MULTIVALUE", "DNS_HTTP"))
        code, message = error_of(self.dns_service, "web", namespace)
        self.assertEqual(code, "ServiceAlreadyExists")
        self.assertIn(service["Id"], message)
        self.dns_service("web", self.namespace("other.local"))  # same name, other namespace

    def test_cloud_map_refuses_to_delete_what_is_in_use(self):
        namespace = self.namespace()
        service = self.dns_service("web", namespace)
        self.sd.register_instance(ServiceId=service["Id"], InstanceId="i1", Attributes={"AWS_INSTANCE_IPV4": "10.2.0.9"})
        self.assertEqual(error_of(self.sd.delete_namespace, Id=namespace)[0], "ResourceInUse")
        self.assertEqual(error_of(self.sd.delete_service, Id=service["Id"])[0], "ResourceInUse")
        self.assertEqual(error_of(self.sd.delete_service, Id="srv-nope")[0], "ServiceNotFound")
        self.sd.deregister_instance(ServiceId=service["Id"], InstanceId="i1")
        self.sd.delete_service(Id=service["Id"])
        self.sd.delete_namespace(Id=namespace)

    def test_cloud_map_service_reports_instance_count(self):
        service = self.dns_service("web", self.namespace())
        for i in range(2):
            self.sd.register_instance(ServiceId=service["Id"], InstanceId=f"i{i}",
                                      Attributes={"AWS_INSTANCE_IPV4": f"10.2.0.{i + 1}"})
        self.assertEqual(self.sd.get_service(Id=service["Id"])["Service"]["InstanceCount"], 2)
        self.assertEqual(self.sd.list_services()["Services"][0]["InstanceCount"], 2)

    def test_cloud_map_list_filters(self):
        a, b = self.namespace("a.local"), self.namespace("b.local")
        self.sd.create_public_dns_namespace(Name="example.com")
        self.dns_service("web", a)
        self.dns_service("db", b)

        def names(filters):
            return sorted(n["Name"] for n in self.sd.list_namespaces(Filters=filters)["Namespaces"])

        self.assertEqual(names([{"Name": "NAME", "Values": ["a.local"], "Condition": "EQ"}]), ["a.local"])
        self.assertEqual(names([{"Name": "TYPE", "Values": ["DNS_PRIVATE"]}]), ["a.local", "b.local"])
        self.assertEqual(names([{"Name": "NAME", "Values": ["example"], "Condition": "BEGINS_WITH"}]),
                         ["example.com"])
        services = self.sd.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [b], "Condition": "EQ"}])
        self.assertEqual([s["Name"] for s in services["Services"]], ["db"])

    def test_cloudformation_makes_updates_and_deletes_cloud_map_resources(self):
        cf = EMULATOR.client("cloudformation")

        def template(service_name="web", ttl="60"):
            return json.dumps({
                "Resources": {
                    "Namespace": {"Type": "AWS::ServiceDiscovery::PrivateDnsNamespace",
                                  "Properties": {"Name": "corp.local", "Vpc": self.vpc}},
                    "Service": {"Type": "AWS::ServiceDiscovery::Service", "Properties": {
                        "Name": service_name, "Description": "d",
                        "DnsConfig": {"NamespaceId": {"Ref": "Namespace"},
                                      "DnsRecords": [{"Type": "A", "TTL": ttl}]},
                        "HealthCheckCustomConfig": {"FailureThreshold": "1"}}}},
                "Outputs": {
                    "NamespaceId": {"Value": {"Fn::GetAtt": ["Namespace", "Id"]}},
                    "ZoneId": {"Value": {"Fn::GetAtt": ["Namespace", "HostedZoneId"]}},
                    "ServiceId": {"Value": {"Ref": "Service"}},
                    "ServiceArn": {"Value": {"Fn::GetAtt": ["Service", "Arn"]}}}})

        def outputs():
            stack = cf.describe_stacks(StackName="sd")["Stacks"][0]
            return stack["StackStatus"], {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}

        cf.create_stack(StackName="sd", TemplateBody=template())
        status, out = outputs()
        self.assertEqual(status, "CREATE_COMPLETE")
        service = self.sd.get_service(Id=out["ServiceId"])["Service"]
        self.assertEqual((service["Name"], service["NamespaceId"], service["Arn"]),
                         ("web", out["NamespaceId"], out["ServiceArn"]))
        self.assertEqual(service["DnsConfig"]["DnsRecords"], [{"Type": "A", "TTL": 60}])
        self.assertEqual(service["HealthCheckCustomConfig"], {"FailureThreshold": 1})
        self.assertEqual(self.sd.get_namespace(Id=out["NamespaceId"])["Namespace"]["Properties"]
                         ["DnsProperties"]["HostedZoneId"], out["ZoneId"])

        cf.update_stack(StackName="sd", TemplateBody=template(ttl="120"))  # in place
        status, updated = outputs()
        self.assertEqual((status, updated["ServiceId"]), ("UPDATE_COMPLETE", out["ServiceId"]))
        records = self.sd.get_service(Id=out["ServiceId"])["Service"]["DnsConfig"]["DnsRecords"]
        self.assertEqual(records, [{"Type": "A", "TTL": 120}])

        cf.update_stack(StackName="sd", TemplateBody=template(service_name="api", ttl="120"))  # replaced
        status, replaced = outputs()
        self.assertNotEqual(replaced["ServiceId"], out["ServiceId"])
        self.assertEqual(self.sd.get_service(Id=replaced["ServiceId"])["Service"]["Name"], "api")
        self.assertEqual(error_of(self.sd.get_service, Id=out["ServiceId"])[0], "ServiceNotFound")

        cf.delete_stack(StackName="sd")
        self.assertEqual(self.sd.list_services()["Services"], [])
        self.assertEqual(self.sd.list_namespaces()["Namespaces"], [])


# ==================================================================================================
# server.py itself


class ServerTest(EmulatorTest):
    def test_server_loads_aws_managed_iam_policies(self):
        iam = EMULATOR.client("iam")
        iam.create_role(RoleName="exec", AssumeRolePolicyDocument="{}")
        arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
        iam.attach_role_policy(RoleName="exec", PolicyArn=arn)
        attached = iam.list_attached_role_policies(RoleName="exec")["AttachedPolicies"]
        self.assertEqual([p["PolicyArn"] for p in attached], [arn])

    def test_latency_option_delays_aws_requests_only(self):
        slow = Emulator(env={"ECS_EMULATOR_LATENCY_MS": "300"})
        try:
            ecs = slow.client("ecs")
            ecs.list_clusters()  # warm-up
            started = time.time()
            ecs.list_clusters()
            self.assertGreaterEqual(time.time() - started, 0.3)
            started = time.time()
            self.assertEqual(slow.api("GET", "/moto-api/")[0], 200)
            self.assertLess(time.time() - started, 0.3)
        finally:
            slow.stop()

    def test_each_server_records_to_its_own_file_and_exits_with_stdin(self):
        other = Emulator()
        try:
            # server.py's private recording file: <tmp>/ecs-cli-moto-recording-<pid>-*.jsonl
            files = glob.glob(os.path.join(tempfile.gettempdir(), f"ecs-cli-moto-recording-{other.proc.pid}-*"))
            self.assertEqual(len(files), 1, files)
            for server in (EMULATOR, other):
                for action in ("reset-recording", "start-recording"):
                    self.assertEqual(server.api("POST", f"/moto-api/recorder/{action}")[0], 200)
            self.assertEqual(EMULATOR.api("POST", "/moto-api/seed?a=20240601")[0], 200)
            EMULATOR.client("ecs").create_cluster(clusterName="here")
            other.client("ecs").list_clusters()
            recordings = []
            for server in (EMULATOR, other):
                self.assertEqual(server.api("POST", "/moto-api/recorder/stop-recording")[0], 200)
                status, body = server.api("GET", "/moto-api/recorder/download-recording")
                self.assertEqual(status, 200)
                recordings.append([json.loads(line) for line in body.decode().splitlines() if line.strip()])
            targets = [[r["headers"].get("X-Amz-Target") for r in rec if "X-Amz-Target" in r["headers"]]
                       for rec in recordings]
            self.assertEqual(targets[0], ["AmazonEC2ContainerServiceV20141113.CreateCluster"])
            self.assertEqual(targets[1], ["AmazonEC2ContainerServiceV20141113.ListClusters"])
            body = json.loads(recordings[0][-1]["body"] if not recordings[0][-1]["body_encoded"] else
                              base64.b64decode(recordings[0][-1]["body"]))
            self.assertEqual(body, {"clusterName": "here"})
        finally:
            other.proc.stdin.close()
            other.proc.wait(15)  # ends by itself once its stdin is closed
            other.log.close()
            os.unlink(other.log.name)
        self.assertFalse(os.path.exists(files[0]), "the recording file outlived its server")


if __name__ == "__main__":
    unittest.main()
