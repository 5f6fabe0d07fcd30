"""EC2."""
from ._support import patch


@patch
def network_interface_without_dns_name():
    """An ENI in a VPC without DNS hostnames simply has no private DNS name.

    AWS: the ENI exists and `privateDnsName` is absent. moto only sets the attribute when the VPC
    has DNS hostnames, and ECS's awsvpc RunTask, which reads it for the task's attachment, then
    fails with an AttributeError (HTTP 500) in any VPC a test creates.
    Test: test_awsvpc_task_runs_in_a_vpc_without_dns_hostnames (and tests/it/ps.rs, Fargate rows).
    """
    from moto.ec2.models.elastic_network_interfaces import NetworkInterface

    NetworkInterface.private_dns_name = None
