#!/usr/bin/env python3
"""Applies a command case's `setup.yml` to the AWS emulator (format: README.md, "setup.yml").

    python apply_setup.py --endpoint http://127.0.0.1:PORT --project CASE_NAME [--dir RUN_DIR] SETUP_YML

Runs with the emulator's Python (moto[server]==5.2.5 + boto3; PyYAML comes with moto).
On success, stdout holds exactly one JSON object: every variable the steps exported, name ->
value (strings), in the order they were set. On any error: one line on stderr naming the file
and the step, nothing on stdout, exit status 1.
"""
import os
import sys

sys.dont_write_bytecode = True  # keep the case folders free of __pycache__

# Nothing from the caller's environment may reach boto3: no AWS_* variable, no shared AWS
# config or credentials file, no proxy. Scrubbed before boto3 is imported.
for _k in list(os.environ):
    if _k.startswith("AWS_") or _k.lower() in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        del os.environ[_k]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

import argparse  # noqa: E402
import copy  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402

# ------------------------------------------------------------------------------ fixed data
# These values are part of the format: the recorded cases depend on them.

DEFAULT_REGION = "us-east-1"
# The ECS-optimised Amazon Linux 2 AMI that moto's SSM parameters recommend.
AMI = "ami-061ecaadf85691afe"
# Base time of `log-events` (milliseconds since the epoch): 2020-09-13T12:26:40Z.
T0_MS = 1600000000000
# The stand-in cluster stack: the parameter names of the stack `ecs-cli up` creates, each a
# String with this default ("" when not listed), and a single VPC resource.
STACK_PARAMETERS = [
    "EcsAmiId", "EcsInstanceType", "SpotPrice", "KeyName", "VpcId", "SubnetIds", "AsgMaxSize",
    "SecurityGroupIds", "SourceCidr", "EcsPort", "VpcAvailabilityZones",
    "AssociatePublicIpAddress", "EcsCluster", "InstanceRole", "IsFargate", "IsIMDSv2", "UserData",
]
STACK_PARAMETER_DEFAULTS = {
    "SpotPrice": "0", "AsgMaxSize": "1", "SourceCidr": "0.0.0.0/0", "EcsPort": "80",
    "AssociatePublicIpAddress": "true", "EcsCluster": "default", "IsFargate": "false",
    "IsIMDSv2": "false",
}
# Parameter values the `cluster-stack` step sends unless its `parameters` say otherwise.
STACK_SENT_DEFAULTS = {"EcsCluster": "c1", "AsgMaxSize": "1", "EcsInstanceType": "t2.micro", "EcsAmiId": AMI}

VAR_REF = re.compile(r"\$\{(\w+)\}")
VAR_NAME = re.compile(r"^[A-Za-z_]\w*$")


class SetupError(Exception):
    pass


# ------------------------------------------------------------------------------ field checks
# A field spec: (check, default). `REQUIRED` as default means the field must be given.

REQUIRED = object()


def _type_name(v):
    return {str: "a string", int: "a number", bool: "true/false", list: "a list", dict: "a mapping",
            float: "a number", type(None): "empty"}.get(type(v), type(v).__name__)


def is_str(v, what):
    if not isinstance(v, str):
        hint = " (quote it)" if isinstance(v, (int, float, bool)) or v is None else ""
        raise SetupError(f"{what} must be a string, not {_type_name(v)}{hint}")
    return v


def is_int(v, what):
    if isinstance(v, bool) or not isinstance(v, int):
        raise SetupError(f"{what} must be a whole number, not {_type_name(v)}")
    return v


def is_count(v, what):
    is_int(v, what)
    if v < 0:
        raise SetupError(f"{what} must not be negative")
    return v


def is_bool(v, what):
    if not isinstance(v, bool):
        raise SetupError(f"{what} must be true or false, not {_type_name(v)}")
    return v


def is_any(v, what):
    return v


def is_var_name(v, what):
    is_str(v, what)
    if not VAR_NAME.match(v):
        raise SetupError(f"{what} must be a variable name (letters, digits, _), not {v!r}")
    if v == "PROJECT":
        raise SetupError(f"{what}: PROJECT is reserved (it is the case folder name)")
    return v


def list_of(check):
    def c(v, what):
        if not isinstance(v, list):
            raise SetupError(f"{what} must be a list, not {_type_name(v)}")
        return [check(x, f"{what}[{i}]") for i, x in enumerate(v)]
    return c


def map_of_str(v, what):
    if not isinstance(v, dict):
        raise SetupError(f"{what} must be a mapping, not {_type_name(v)}")
    for k, x in v.items():
        is_str(k, f"{what} key")
        is_str(x, f"{what}.{k}")
    return v


def fields(spec, passthrough=False):
    """A check for a mapping with the fields of `spec`; returns (fields, extra API fields)."""
    def c(v, what):
        if v is None:
            v = {}
        if not isinstance(v, dict):
            raise SetupError(f"{what} must be a mapping of fields, not {_type_name(v)}")
        out, extra = {}, {}
        for k, x in v.items():
            if not isinstance(k, str):
                raise SetupError(f"{what}: field names must be strings, not {k!r}")
            if k in spec:
                if x is None and spec[k][1] is not REQUIRED:
                    continue  # `field:` with no value = the default
                out[k] = spec[k][0](x, f"{what}.{k}")
            elif passthrough and "_" not in k and k[:1].islower():
                extra[k] = x  # an API parameter, sent as written
            else:
                known = ", ".join(spec)
                more = " (or an API parameter name)" if passthrough else ""
                raise SetupError(f"{what}: unknown field {k!r}; known: {known}{more}")
        for k, (_, default) in spec.items():
            if k not in out:
                if default is REQUIRED:
                    raise SetupError(f"{what}: field {k!r} is required")
                out[k] = copy.deepcopy(default)
        return (out, extra) if passthrough else out
    return c


REGION = (is_str, DEFAULT_REGION)

PORT = fields({"container": (is_int, REQUIRED), "host": (is_int, REQUIRED), "protocol": (is_str, "tcp")})
CONTAINER = fields({
    "name": (is_str, REQUIRED),
    "image": (is_str, "nginx:latest"),
    "memory": (is_int, 128),
    "ports": (list_of(PORT), []),
    "log_group": (is_str, None),
    "stream_prefix": (is_str, None),
    "log_region": (is_str, DEFAULT_REGION),
}, passthrough=True)
EVENT = fields({"at": (is_int, REQUIRED), "message": (is_str, REQUIRED)})
STREAM = fields({"name": (is_str, REQUIRED), "events": (list_of(EVENT), REQUIRED)})


def is_cidr_base(v, what):
    is_str(v, what)
    if not re.match(r"^\d{1,3}\.\d{1,3}$", v):
        raise SetupError(f"{what} must be the first two octets of the VPC, like \"10.10\", not {v!r}")
    return v


def is_rel_path(v, what):
    is_str(v, what)
    parts = v.split("/")
    if not v or v.startswith("/") or ".." in parts:
        raise SetupError(f"{what} must be a relative path inside the run folder, not {v!r}")
    return v


# ------------------------------------------------------------------------------ the steps


class Context:
    def __init__(self, endpoint, project, run_dir):
        self.endpoint = endpoint
        self.run_dir = run_dir
        self.project = project
        self.vars = {}  # exported, in the order set
        self.task_definitions = {}  # (region, family) -> ARN of its latest registration here
        self._clients = {}

    def client(self, service, region=DEFAULT_REGION):
        key = (service, region)
        if key not in self._clients:
            import boto3
            import botocore.config
            self._clients[key] = boto3.session.Session().client(
                service, region_name=region, endpoint_url=self.endpoint,
                aws_access_key_id="testing", aws_secret_access_key="testing",
                config=botocore.config.Config(retries={"max_attempts": 1}))
        return self._clients[key]

    def set(self, name, value):
        self.vars[name] = str(value)

    def task_definition(self, region, ref):
        """A family registered by an earlier step stands for that registration's ARN."""
        return self.task_definitions.get((region, ref), ref)


def network_config(subnets, security_groups):
    return {"awsvpcConfiguration": {"subnets": list(subnets), "securityGroups": list(security_groups)}}


def do_cluster(ctx, f, extra):
    kw = {"clusterName": f["name"]}
    if f["tags"]:
        kw["tags"] = [{"key": k, "value": v} for k, v in f["tags"].items()]
    kw.update(extra)
    ctx.client("ecs", f["region"]).create_cluster(**kw)


def do_network(ctx, f):
    region, base = f["region"], f["cidr_base"]
    ec2 = ctx.client("ec2", region)
    vpc = ec2.create_vpc(CidrBlock=f"{base}.0.0/16")["Vpc"]["VpcId"]
    s1 = ec2.create_subnet(VpcId=vpc, CidrBlock=f"{base}.1.0/24", AvailabilityZone=f"{region}a")["Subnet"]["SubnetId"]
    s2 = ec2.create_subnet(VpcId=vpc, CidrBlock=f"{base}.2.0/24", AvailabilityZone=f"{region}b")["Subnet"]["SubnetId"]
    sg1 = ec2.create_security_group(GroupName="cg-sg1", Description="corpus sg", VpcId=vpc)["GroupId"]
    ctx.set("VPC", vpc)
    ctx.set("SUBNET1", s1)
    ctx.set("SUBNET2", s2)
    ctx.set("SG1", sg1)
    if f["second_sg"]:
        sg2 = ec2.create_security_group(GroupName="cg-sg2", Description="corpus sg 2", VpcId=vpc)["GroupId"]
        ctx.set("SG2", sg2)


def do_container_instances(ctx, f):
    region, itype = f["region"], f["instance_type"]
    ec2, ecs = ctx.client("ec2", region), ctx.client("ecs", region)
    for i in range(1, f["count"] + 1):
        inst = ec2.run_instances(ImageId=f["ami"], MinCount=1, MaxCount=1, InstanceType=itype)["Instances"][0]
        doc = json.dumps({"instanceId": inst["InstanceId"], "region": region, "instanceType": itype})
        arn = ecs.register_container_instance(
            cluster=f["cluster"], instanceIdentityDocument=doc)["containerInstance"]["containerInstanceArn"]
        ctx.set(f"{f['prefix']}{i}", arn)
        ctx.set(f"{f['prefix']}{i}_ID", arn.split("/")[-1])
        ctx.set(f"EC2_{i}", inst["InstanceId"])


def container_definition(f, extra):
    c = {"name": f["name"], "image": f["image"], "memory": f["memory"], "essential": True}
    if f["ports"]:
        c["portMappings"] = [{"containerPort": p["container"], "hostPort": p["host"], "protocol": p["protocol"]}
                             for p in f["ports"]]
    if f["log_group"]:
        opts = {"awslogs-group": f["log_group"], "awslogs-region": f["log_region"]}
        if f["stream_prefix"]:
            opts["awslogs-stream-prefix"] = f["stream_prefix"]
        c["logConfiguration"] = {"logDriver": "awslogs", "options": opts}
    c.update(extra)
    return c


def do_task_definition(ctx, f, extra):
    containers = [container_definition(cf, cx) for cf, cx in f["containers"]]
    arn = ctx.client("ecs", f["region"]).register_task_definition(
        family=f["family"], containerDefinitions=containers, **extra)["taskDefinition"]["taskDefinitionArn"]
    ctx.task_definitions[(f["region"], f["family"])] = arn


def do_tasks(ctx, f, extra):
    region = f["region"]
    kw = {"cluster": f["cluster"], "taskDefinition": ctx.task_definition(region, f["task_definition"]),
          "count": f["count"]}
    if f["group"]:
        kw["group"] = f["group"]
    if f["started_by"]:
        kw["startedBy"] = f["started_by"]
    if f["launch_type"]:
        kw["launchType"] = f["launch_type"]
    if f["subnets"]:
        kw["networkConfiguration"] = network_config(f["subnets"], f["security_groups"])
    kw.update(extra)
    tasks = ctx.client("ecs", region).run_task(**kw)["tasks"]
    for i, t in enumerate(tasks, f["start"]):
        ctx.set(f"{f['prefix']}{i}", t["taskArn"])
        ctx.set(f"{f['prefix']}{i}_ID", t["taskArn"].split("/")[-1])


def do_stop_task(ctx, f):
    ctx.client("ecs", f["region"]).stop_task(cluster=f["cluster"], task=f["task"], reason=f["reason"])


def do_service(ctx, f, extra):
    region = f["region"]
    kw = {"cluster": f["cluster"], "serviceName": f["name"],
          "taskDefinition": ctx.task_definition(region, f["task_definition"]),
          "desiredCount": f["desired_count"]}
    if f["launch_type"]:
        kw["launchType"] = f["launch_type"]
    if f["subnets"]:
        kw["networkConfiguration"] = network_config(f["subnets"], f["security_groups"])
    kw.update(extra)
    ctx.client("ecs", region).create_service(**kw)


def do_log_events(ctx, f):
    logs = ctx.client("logs", f["region"])
    group = f["group"]
    if f["create_group"]:
        logs.create_log_group(logGroupName=group)
    for s in f["streams"]:
        logs.create_log_stream(logGroupName=group, logStreamName=s["name"])
        logs.put_log_events(logGroupName=group, logStreamName=s["name"],
                            logEvents=[{"timestamp": T0_MS + e["at"] * 1000, "message": e["message"]}
                                       for e in s["events"]])


def do_ecr_repository(ctx, f):
    ctx.client("ecr", f["region"]).create_repository(repositoryName=f["name"])


def image_manifest(seed, config_size, layer_sizes):
    """A Docker schema-2 manifest whose digests are made from `seed`: the same inputs always
    give the same text, hence the same image digest."""
    def digest(n):
        return "sha256:" + (format(seed, "x") + format(n, "x")).rjust(64, "0")
    return json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": config_size,
                   "digest": digest(0)},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": size,
                    "digest": digest(i + 1)} for i, size in enumerate(layer_sizes)],
    })


def do_ecr_image(ctx, f):
    kw = {"repositoryName": f["repository"],
          "imageManifest": image_manifest(f["seed"], f["config_size"], f["layer_sizes"])}
    if f["tag"] is not None:
        kw["imageTag"] = f["tag"]
    ctx.client("ecr", f["region"]).put_image(**kw)


def do_kms_key(ctx, f):
    kms = ctx.client("kms", f["region"])
    meta = kms.create_key(Description=f["description"])["KeyMetadata"]
    ctx.set(f["var"], meta["KeyId"])
    ctx.set(f["var"] + "_ARN", meta["Arn"])
    if f["alias"]:
        kms.create_alias(AliasName=f["alias"], TargetKeyId=meta["KeyId"])


def do_secret(ctx, f):
    kw = {"Name": f["name"], "SecretString": f["value"]}
    if f["kms_key_id"]:
        kw["KmsKeyId"] = f["kms_key_id"]
    ctx.set(f["var"], ctx.client("secretsmanager", f["region"]).create_secret(**kw)["ARN"])


def do_iam_role(ctx, f):
    doc = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": f["service_principal"]}, "Action": "sts:AssumeRole"}]})
    ctx.client("iam").create_role(RoleName=f["name"], AssumeRolePolicyDocument=doc)


def stack_template():
    return json.dumps({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "corpus stand-in for an ecs-cli cluster stack",
        "Parameters": {p: {"Type": "String", "Default": STACK_PARAMETER_DEFAULTS.get(p, "")}
                       for p in STACK_PARAMETERS},
        "Resources": {"CorpusVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.99.0.0/16"}}},
    })


def do_cluster_stack(ctx, f):
    params = dict(STACK_SENT_DEFAULTS)
    params.update(f["parameters"])
    unknown = sorted(set(params) - set(STACK_PARAMETERS))
    if unknown:
        raise SetupError(f"parameters: unknown stack parameter(s) {', '.join(unknown)}; "
                         f"known: {', '.join(STACK_PARAMETERS)}")
    ctx.client("cloudformation", f["region"]).create_stack(
        StackName=f["stack_name"], TemplateBody=stack_template(), Capabilities=["CAPABILITY_IAM"],
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in sorted(params.items())])


def do_aws(ctx, f):
    import botocore
    client = ctx.client(f["service"], f["region"])
    if f["operation"] not in client.meta.service_model.operation_names:
        raise SetupError(f"{f['service']} has no operation {f['operation']!r}")
    params = f["params"]
    if not isinstance(params, dict):
        raise SetupError(f"params must be a mapping, not {_type_name(params)}")
    getattr(client, botocore.xform_name(f["operation"]))(**params)


def do_file(ctx, f):
    if not ctx.run_dir:
        raise SetupError("a file step needs --dir (the case's run folder)")
    path = os.path.join(ctx.run_dir, f["path"])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(f["content"])


# kind -> (function, field check). A check made with passthrough=True returns
# (fields, API fields), and the function then takes both.
STEPS = {
    "cluster": (do_cluster, fields({
        "name": (is_str, "c1"), "tags": (map_of_str, {}), "region": REGION}, passthrough=True)),
    "network": (do_network, fields({
        "cidr_base": (is_cidr_base, "10.10"), "second_sg": (is_bool, False), "region": REGION})),
    "container-instances": (do_container_instances, fields({
        "cluster": (is_str, "c1"), "count": (is_count, 1), "instance_type": (is_str, "t2.micro"),
        "ami": (is_str, AMI), "prefix": (is_var_name, "CI"), "region": REGION})),
    "task-definition": (do_task_definition, fields({
        "family": (is_str, REQUIRED), "containers": (list_of(CONTAINER), REQUIRED), "region": REGION},
        passthrough=True)),
    "tasks": (do_tasks, fields({
        "cluster": (is_str, "c1"), "task_definition": (is_str, REQUIRED), "count": (is_count, 1),
        "group": (is_str, None), "started_by": (is_str, None), "launch_type": (is_str, None),
        "subnets": (list_of(is_str), []), "security_groups": (list_of(is_str), []),
        "prefix": (is_var_name, "TASK"), "start": (is_int, 1), "region": REGION}, passthrough=True)),
    "stop-task": (do_stop_task, fields({
        "cluster": (is_str, "c1"), "task": (is_str, REQUIRED), "reason": (is_str, "corpus setup"),
        "region": REGION})),
    "service": (do_service, fields({
        "cluster": (is_str, "c1"), "name": (is_str, REQUIRED), "task_definition": (is_str, REQUIRED),
        "desired_count": (is_count, 1), "launch_type": (is_str, None),
        "subnets": (list_of(is_str), []), "security_groups": (list_of(is_str), []), "region": REGION},
        passthrough=True)),
    "log-events": (do_log_events, fields({
        "group": (is_str, REQUIRED), "create_group": (is_bool, True), "streams": (list_of(STREAM), []),
        "region": REGION})),
    "ecr-repository": (do_ecr_repository, fields({"name": (is_str, REQUIRED), "region": REGION})),
    "ecr-image": (do_ecr_image, fields({
        "repository": (is_str, REQUIRED), "tag": (is_str, None), "seed": (is_count, 1),
        "config_size": (is_count, 1000), "layer_sizes": (list_of(is_count), [2000]), "region": REGION})),
    "kms-key": (do_kms_key, fields({
        "var": (is_var_name, "KMS_KEY"), "alias": (is_str, None), "description": (is_str, "corpus key"),
        "region": REGION})),
    "secret": (do_secret, fields({
        "name": (is_str, REQUIRED), "value": (is_str, REQUIRED), "var": (is_var_name, REQUIRED),
        "kms_key_id": (is_str, None), "region": REGION})),
    "iam-role": (do_iam_role, fields({
        "name": (is_str, REQUIRED), "service_principal": (is_str, "ecs-tasks.amazonaws.com")})),
    "cluster-stack": (do_cluster_stack, fields({
        "stack_name": (is_str, "amazon-ecs-cli-setup-c1"), "parameters": (map_of_str, {}), "region": REGION})),
    "aws": (do_aws, fields({
        "service": (is_str, REQUIRED), "operation": (is_str, REQUIRED), "params": (is_any, {}),
        "region": REGION})),
    "file": (do_file, fields({"path": (is_rel_path, REQUIRED), "content": (is_str, REQUIRED)})),
}


# ------------------------------------------------------------------------------ driver


def substitute(value, ctx):
    """${NAME} in every string (mapping keys included): PROJECT or a variable set earlier."""
    if isinstance(value, str):
        def one(m):
            name = m.group(1)
            if name == "PROJECT":
                return ctx.project
            if name not in ctx.vars:
                raise SetupError(f"${{{name}}} is not set by an earlier step")
            return ctx.vars[name]
        return VAR_REF.sub(one, value)
    if isinstance(value, list):
        return [substitute(x, ctx) for x in value]
    if isinstance(value, tuple):
        return tuple(substitute(x, ctx) for x in value)
    if isinstance(value, dict):
        return {substitute(k, ctx): substitute(x, ctx) for k, x in value.items()}
    return value


def parse_steps(doc):
    """Checks the whole file before anything is sent; returns [(number, kind, fields)]."""
    if doc is None:
        return []
    if not isinstance(doc, list):
        raise SetupError(f"the file must be a list of steps, not {_type_name(doc)}")
    steps = []
    for n, item in enumerate(doc, 1):
        if not isinstance(item, dict) or len(item) != 1:
            raise SetupError(f"step {n}: a step is a mapping with one key, its kind "
                             f"({', '.join(STEPS)})")
        (kind, body), = item.items()
        if kind not in STEPS:
            raise SetupError(f"step {n}: unknown step kind {kind!r}; known: {', '.join(STEPS)}")
        try:
            steps.append((n, kind, STEPS[kind][1](body, kind)))
        except SetupError as exc:  # the message starts with the kind already
            raise SetupError(f"step {n}: {exc}") from None
    return steps


def apply(path, endpoint, project, run_dir):
    import yaml
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except OSError as exc:
        raise SetupError(f"cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise SetupError(f"not valid YAML: {exc}") from None
    steps = parse_steps(doc)
    ctx = Context(endpoint, project, run_dir)
    for n, kind, checked in steps:
        try:
            checked = substitute(checked, ctx)
            func = STEPS[kind][0]
            if isinstance(checked, tuple):
                func(ctx, *checked)
            else:
                func(ctx, checked)
        except SetupError as exc:
            raise SetupError(f"step {n} ({kind}): {exc}") from None
        except Exception as exc:  # an AWS error, a refused parameter, a dead endpoint...
            raise SetupError(f"step {n} ({kind}): {type(exc).__name__}: {exc}") from None
    return ctx.vars


def main(argv):
    ap = argparse.ArgumentParser(description="Apply a conformance case's setup.yml to the AWS emulator.")
    ap.add_argument("--endpoint", required=True, help="the emulator, e.g. http://127.0.0.1:5000")
    ap.add_argument("--project", help="value of ${PROJECT} (default: the basename of --dir)")
    ap.add_argument("--dir", help="the case's run folder (the compose project folder)")
    ap.add_argument("setup", help="the case's setup.yml")
    args = ap.parse_args(argv)
    project = args.project or (os.path.basename(os.path.normpath(args.dir)) if args.dir else None)
    if not project:
        print(f"apply_setup.py: {args.setup}: give --project (or --dir)", file=sys.stderr)
        return 1
    try:
        exported = apply(args.setup, args.endpoint, project, args.dir)
    except SetupError as exc:
        msg = " ".join(str(exc).split())  # one line
        print(f"apply_setup.py: {args.setup}: {msg}", file=sys.stderr)
        return 1
    sys.stdout.write(json.dumps(exported) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
