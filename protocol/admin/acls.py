"""Access control lists, read-only: who may do what to which resource."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeVar

from protocol.admin._routing import check_top_level, read_any
from protocol.client import KafkaClient
from protocol.codec import ApiKey

E = TypeVar("E", bound="_Named")


class _Named(IntEnum):
    @classmethod
    def of(cls: type[E], value: int) -> E:
        """The member for ``value``; UNKNOWN (0) for values this client does not know."""
        try:
            return cls(value)
        except ValueError:
            return cls(0)


class AclResourceType(_Named):
    UNKNOWN = 0
    ANY = 1
    TOPIC = 2
    GROUP = 3
    CLUSTER = 4
    TRANSACTIONAL_ID = 5
    DELEGATION_TOKEN = 6
    USER = 7


class AclPatternType(_Named):
    UNKNOWN = 0
    ANY = 1
    MATCH = 2
    LITERAL = 3
    PREFIXED = 4


class AclOperation(_Named):
    UNKNOWN = 0
    ANY = 1
    ALL = 2
    READ = 3
    WRITE = 4
    CREATE = 5
    DELETE = 6
    ALTER = 7
    DESCRIBE = 8
    CLUSTER_ACTION = 9
    DESCRIBE_CONFIGS = 10
    ALTER_CONFIGS = 11
    IDEMPOTENT_WRITE = 12
    CREATE_TOKENS = 13
    DESCRIBE_TOKENS = 14
    TWO_PHASE_COMMIT = 15


class AclPermission(_Named):
    UNKNOWN = 0
    ANY = 1
    DENY = 2
    ALLOW = 3


@dataclass(frozen=True, slots=True)
class AclBinding:
    """One ACL: ``principal`` from ``host`` is allowed/denied ``operation`` on a resource pattern."""

    resource_type: AclResourceType
    resource_name: str
    pattern_type: AclPatternType
    principal: str
    host: str
    operation: AclOperation
    permission: AclPermission

    def __str__(self) -> str:
        return (f"{self.permission.name} {self.principal} from {self.host} {self.operation.name} on "
                f"{self.resource_type.name} {self.pattern_type.name} '{self.resource_name}'")


async def list_acls(client: KafkaClient) -> tuple[AclBinding, ...]:
    """Every ACL of the cluster (DescribeAcls with a match-anything filter), sorted.

    Raises SECURITY_DISABLED when the cluster runs without an authorizer.
    """
    body = {"resource_type_filter": AclResourceType.ANY, "resource_name_filter": None,
            "pattern_type_filter": AclPatternType.ANY, "principal_filter": None, "host_filter": None,
            "operation": AclOperation.ANY, "permission_type": AclPermission.ANY}  # fmt: skip
    response = await read_any(client, ApiKey.DESCRIBE_ACLS, body)
    check_top_level(response, "Listing ACLs")
    bindings = [
        AclBinding(AclResourceType.of(r["resource_type"]), r["resource_name"],
                   AclPatternType.of(r.get("pattern_type", 3)), a["principal"], a["host"],
                   AclOperation.of(a["operation"]), AclPermission.of(a["permission_type"]))
        for r in response["resources"] for a in r["acls"]]  # fmt: skip
    return tuple(sorted(bindings, key=lambda b: (b.resource_type, b.resource_name, b.principal, b.operation)))
