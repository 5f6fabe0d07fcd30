"""AWS Cloud Map (service discovery), Route 53 zones of its namespaces, and its CloudFormation
resources (`compose service ... --enable-service-discovery`)."""
import json

from ._support import around, patch


def _cloud_map(account_id, region_name):
    from moto.servicediscovery.models import servicediscovery_backends

    return servicediscovery_backends[account_id][region_name]


def _route53_of(backend):
    from moto.route53.models import route53_backends
    from moto.utilities.utils import get_partition

    return route53_backends[backend.account_id][get_partition(backend.region_name)]


def _zone_name(namespace_name):
    return namespace_name.rstrip(".") + "."


def _service_already_exists(name, service_id):
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError("ServiceAlreadyExists",
                         f"A service named {name} already exists in this namespace. ServiceId: {service_id}")


def _resource_in_use(message):
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError("ResourceInUse", message)


# --------------------------------------------------------------------------------------------------
# Namespaces


@patch
def dns_namespaces_get_their_own_hosted_zone():
    """A DNS namespace comes with a Route 53 zone named after it; only the same name conflicts.

    AWS: CreatePrivateDnsNamespace makes the private zone `<name>.` associated with the VPC (so
    GetHostedZone lists the VPC, as ecs-cli's namespace lookup needs, and ListHostedZonesByName
    finds it), reports the bare zone id as HostedZoneId, and refuses only a second namespace of the
    same name in the same VPC; a public namespace gets the public zone `<name>.`; DeleteNamespace
    deletes the zone. moto names the zone `<name>-hz`, leaves it without VPC, reports
    `/hostedzone/<id>`, refuses any second namespace in a VPC, and keeps the zone after deletion.
    Test: test_private_namespace_zone_is_named_after_it_and_in_the_vpc.
    """
    from moto.servicediscovery.models import ConflictingDomainExists, Namespace, ServiceDiscoveryBackend

    def create_namespace(backend, kind, name, creator_request_id, description, tags, properties, vpc=None):
        private = kind == "DNS_PRIVATE"
        zone = _route53_of(backend).create_hosted_zone(
            _zone_name(name), private_zone=private, vpcid=vpc if private else None,
            vpcregion=backend.region_name if private else None,
            comment=f"hosted zone for {'private' if private else 'public'} dns namespace {name}")
        dns_properties = dict((properties or {}).get("DnsProperties") or {})
        dns_properties["HostedZoneId"] = zone.resource_id
        namespace = Namespace(account_id=backend.account_id, region=backend.region_name, name=name,
                              ns_type=kind, creator_request_id=creator_request_id, description=description,
                              dns_properties=dns_properties, http_properties={}, vpc=vpc)
        backend.namespaces[namespace.id] = namespace
        if tags:
            backend.tagger.tag_resource(namespace.arn, tags)
        return backend._create_operation("CREATE_NAMESPACE", targets={"NAMESPACE": namespace.id})

    def create_private_dns_namespace(backend, name, creator_request_id, description, vpc, tags, properties):
        if any(ns.vpc == vpc and ns.name == name for ns in backend.namespaces.values()):
            raise ConflictingDomainExists(vpc)
        return create_namespace(backend, "DNS_PRIVATE", name, creator_request_id, description, tags,
                                properties, vpc=vpc)

    def create_public_dns_namespace(backend, name, creator_request_id, description, tags, properties):
        return create_namespace(backend, "DNS_PUBLIC", name, creator_request_id, description, tags, properties)

    ServiceDiscoveryBackend.create_private_dns_namespace = create_private_dns_namespace
    ServiceDiscoveryBackend.create_public_dns_namespace = create_public_dns_namespace

    @around(ServiceDiscoveryBackend, "delete_namespace")
    def delete_namespace(original, backend, namespace_id):
        namespace = backend.namespaces.get(namespace_id)
        operation = original(backend, namespace_id)
        zone_id = ((namespace and namespace.dns_properties) or {}).get("HostedZoneId")
        if zone_id:
            _route53_of(backend).zones.pop(zone_id.split("/")[-1], None)
        return operation


# --------------------------------------------------------------------------------------------------
# Services


@patch
def create_service_fills_defaults_and_refuses_duplicates():
    """CreateService refuses a duplicate name in a namespace and fills in what AWS fills in.

    AWS: a second service of the same name in the same namespace is ServiceAlreadyExists; the
    namespace may be given in DnsConfig.NamespaceId only; DnsConfig.RoutingPolicy defaults to
    MULTIVALUE; a service with DNS records is of Type DNS_HTTP. moto accepts the duplicate and
    fills in none of these.
    Test: test_cloud_map_service_defaults_and_duplicate_name.
    """
    from moto.servicediscovery.models import ServiceDiscoveryBackend

    @around(ServiceDiscoveryBackend, "create_service")
    def create_service(original, backend, name, namespace_id, creator_request_id, description, dns_config,
                       health_check_config, health_check_custom_config, tags, service_type):
        if dns_config:
            namespace_id = namespace_id or dns_config.get("NamespaceId")
            dns_config = {"NamespaceId": namespace_id, "RoutingPolicy": "MULTIVALUE", **dns_config}
            service_type = service_type or "DNS_HTTP"
        duplicate = next((s for s in backend.services.values()
                          if s.name == name and s.namespace_id == namespace_id), None)
        if duplicate is not None:
            raise _service_already_exists(name, duplicate.id)
        return original(backend, name, namespace_id, creator_request_id, description, dns_config,
                        health_check_config, health_check_custom_config, tags, service_type)


@patch
def deleting_what_is_in_use_is_refused():
    """DeleteNamespace and DeleteService refuse while something still depends on them.

    AWS: DeleteNamespace is ResourceInUse while the namespace has services; DeleteService is
    ResourceInUse while instances are registered, and ServiceNotFound for an unknown id. moto
    deletes anyway (and says nothing for an unknown service).
    Test: test_cloud_map_refuses_to_delete_what_is_in_use.
    """
    from moto.servicediscovery.models import ServiceDiscoveryBackend

    @around(ServiceDiscoveryBackend, "delete_namespace")
    def delete_namespace(original, backend, namespace_id):
        if namespace_id in backend.namespaces and any(
                s.namespace_id == namespace_id for s in backend.services.values()):
            raise _resource_in_use(f"Namespace {namespace_id} has associated services and cannot be deleted.")
        return original(backend, namespace_id)

    @around(ServiceDiscoveryBackend, "delete_service")
    def delete_service(original, backend, service_id):
        service = backend.get_service(service_id)  # ServiceNotFound
        if service.instances:
            raise _resource_in_use(f"Service {service_id} has registered instances and cannot be deleted.")
        return original(backend, service_id)


@patch
def services_report_their_instance_count():
    """GetService and ListServices report `InstanceCount`.

    AWS: each service summary has the number of registered instances. moto omits it.
    Test: test_cloud_map_service_reports_instance_count.
    """
    from moto.servicediscovery.models import Service

    @around(Service, "to_json")
    def to_json(original, service):
        return {**original(service), "InstanceCount": len(service.instances)}


# --------------------------------------------------------------------------------------------------
# List filters


def _matches(value, condition):
    operator = condition.get("Condition", "EQ")
    values = condition.get("Values") or []
    if operator == "BEGINS_WITH":
        return any(str(value).startswith(v) for v in values)
    return value in values  # EQ (a single value) and IN


def _filter(items, filters, fields):
    wanted = [f for f in filters or [] if f.get("Name") in fields]
    return [i for i in items if all(_matches(fields[f["Name"]](i), f) for f in wanted)]


@patch
def list_calls_apply_their_filters():
    """ListNamespaces filters on TYPE and NAME, ListServices on NAMESPACE_ID (EQ, IN, BEGINS_WITH).

    AWS: only the matching namespaces/services. moto ignores every filter, so a lookup of "the
    namespace called X" would take the first namespace of any name.
    Test: test_cloud_map_list_filters.
    """
    from moto.servicediscovery.responses import ServiceDiscoveryResponse

    def list_namespaces(response):
        filters = json.loads(response.body or "{}").get("Filters")
        found = _filter(response.servicediscovery_backend.list_namespaces(), filters,
                        {"TYPE": lambda n: n.type, "NAME": lambda n: n.name})
        return 200, {}, json.dumps({"Namespaces": [n.to_json() for n in found]})

    def list_services(response):
        filters = json.loads(response.body or "{}").get("Filters")
        found = _filter(response.servicediscovery_backend.list_services(), filters,
                        {"NAMESPACE_ID": lambda s: s.namespace_id})
        return json.dumps({"Services": [s.to_json() for s in found]})

    ServiceDiscoveryResponse.list_namespaces = list_namespaces
    ServiceDiscoveryResponse.list_services = list_services


# --------------------------------------------------------------------------------------------------
# CloudFormation resources


def _define_cloudformation_resources():
    """The two resource classes. Defining them registers them with moto (it finds resource types
    among the direct subclasses of CloudFormationModel), hence inside the patch, not on import."""
    from moto.core.common_models import CloudFormationModel

    class CloudMapResource:
        """Holds the Cloud Map id only; the namespace/service itself lives in the Cloud Map backend."""

        ATTRIBUTES = ()

        def __init__(self, account_id, region_name, resource_id):
            self.account_id = account_id
            self.region_name = region_name
            self.id = resource_id

        @property
        def physical_resource_id(self):
            return self.id

        @staticmethod
        def cloudformation_name_type():
            return "Name"

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr in cls.ATTRIBUTES

        def is_created(self):
            return True

        def backend(self):
            return _cloud_map(self.account_id, self.region_name)

        def get_cfn_attribute(self, attr):
            if attr not in self.ATTRIBUTES:
                raise NotImplementedError(f"{attr} of {{0}}")
            target = self.target()
            if attr == "HostedZoneId":
                return (target.dns_properties or {}).get("HostedZoneId")
            return {"Id": target.id, "Arn": target.arn, "Name": target.name}[attr]

    class PrivateDnsNamespace(CloudMapResource, CloudFormationModel):
        __module__ = "moto.servicediscovery.models"  # moto files model classes by module name
        ATTRIBUTES = ("Id", "Arn", "HostedZoneId")

        @staticmethod
        def cloudformation_type():
            return "AWS::ServiceDiscovery::PrivateDnsNamespace"

        def target(self):
            return self.backend().get_namespace(self.id)

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name,
                                            **kwargs):
            props = cloudformation_json.get("Properties") or {}
            backend = _cloud_map(account_id, region_name)
            operation = backend.create_private_dns_namespace(
                name=props.get("Name", resource_name), creator_request_id=None,
                description=props.get("Description"), vpc=props.get("Vpc"), tags=props.get("Tags"),
                properties=props.get("Properties"))
            return cls(account_id, region_name, backend.operations[operation].targets["NAMESPACE"])

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                            account_id, region_name):
            props = cloudformation_json.get("Properties") or {}
            namespace = original_resource.target()
            if props.get("Name", new_resource_name) != namespace.name or props.get("Vpc") != namespace.vpc:
                # Name and Vpc need a replacement: the new namespace first, then the old one goes.
                replacement = cls.create_from_cloudformation_json(new_resource_name, cloudformation_json,
                                                                  account_id, region_name)
                original_resource.backend().delete_namespace(namespace.id)
                return replacement
            namespace.description = props.get("Description")
            return original_resource

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
            backend = _cloud_map(account_id, region_name)
            if resource_name in backend.namespaces:
                backend.delete_namespace(resource_name)  # ResourceInUse while it has services

    class DiscoveryService(CloudMapResource, CloudFormationModel):
        __module__ = "moto.servicediscovery.models"
        ATTRIBUTES = ("Id", "Arn", "Name")

        @staticmethod
        def cloudformation_type():
            return "AWS::ServiceDiscovery::Service"

        def target(self):
            return self.backend().get_service(self.id)

        @staticmethod
        def settings(props):
            """(namespace id, DnsConfig, HealthCheckCustomConfig) with CloudFormation's strings as numbers."""
            dns = props.get("DnsConfig")
            if dns:
                records = [{"Type": r["Type"], "TTL": int(r["TTL"])} for r in dns.get("DnsRecords") or []]
                dns = {**dns, "DnsRecords": records}
            custom = props.get("HealthCheckCustomConfig")
            if custom and "FailureThreshold" in custom:
                custom = {**custom, "FailureThreshold": int(custom["FailureThreshold"])}
            return props.get("NamespaceId") or (dns or {}).get("NamespaceId"), dns, custom

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name,
                                            **kwargs):
            props = cloudformation_json.get("Properties") or {}
            namespace_id, dns, custom = cls.settings(props)
            service = _cloud_map(account_id, region_name).create_service(
                name=props.get("Name", resource_name), namespace_id=namespace_id, creator_request_id=None,
                description=props.get("Description"), dns_config=dns,
                health_check_config=props.get("HealthCheckConfig"), health_check_custom_config=custom,
                tags=props.get("Tags"), service_type=props.get("Type"))
            return cls(account_id, region_name, service.id)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                            account_id, region_name):
            props = cloudformation_json.get("Properties") or {}
            service = original_resource.target()
            namespace_id, dns, custom = cls.settings(props)
            if props.get("Name", new_resource_name) != service.name or namespace_id != service.namespace_id:
                # Name and NamespaceId need a replacement (same name: the old one must go first).
                original_resource.backend().delete_service(service.id)
                return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id,
                                                           region_name)
            # In place: Description, the records' TTLs, RoutingPolicy, the failure threshold.
            service.description = props.get("Description")
            if dns:
                service.dns_config = {**(service.dns_config or {}), "DnsRecords": dns["DnsRecords"]}
                if dns.get("RoutingPolicy"):
                    service.dns_config["RoutingPolicy"] = dns["RoutingPolicy"]
            service.health_check_custom_config = custom
            return original_resource

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
            backend = _cloud_map(account_id, region_name)
            if resource_name in backend.services:
                backend.delete_service(resource_name)  # ResourceInUse while instances are registered

    return PrivateDnsNamespace, DiscoveryService


@patch
def cloudformation_creates_cloud_map_resources():
    """CloudFormation makes AWS::ServiceDiscovery::PrivateDnsNamespace and ::Service resources.

    AWS: both types are created in Cloud Map (Ref gives the id; GetAtt Id, Arn, and HostedZoneId
    or Name), updated in place (Description, DNS record TTLs, RoutingPolicy, the custom health
    check's FailureThreshold) or replaced (Name, Vpc, NamespaceId), and deleted with the stack.
    moto skips both types with a warning (the stack still completes, nothing exists in Cloud Map)
    and a GetAtt on them makes CreateStack fail with HTTP 500.
    (Real CloudFormation replaces a service whose HealthCheckCustomConfig changes and Cloud Map now
    always reports FailureThreshold 1; here it is updated in place, as ecs-cli's README describes.)
    Test: test_cloudformation_makes_updates_and_deletes_cloud_map_resources.
    """
    import moto.cloudformation.parsing as parsing

    _define_cloudformation_resources()
    # moto caches its type -> class maps: rebuild them with the new types.
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()
