"""deploy/kubernetes/ (applied with `kubectl apply -k`, no Helm), read with PyYAML: every file kustomization.yaml
names parses; kinds, labels, selectors, ports and names agree across the Deployment, Service and Ingress; the
probes ask the dashboard's health route; requests and limits are set; the Ingress keeps a browser on its pod
(cookie affinity) and keeps websockets open; the image the manifests name is the one the Containerfile builds.
kubectl is not needed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from osteo_lib.apps.replicas import TIMEOUTS
from osteo_lib.apps.serve import HEALTH_PATH

ROOT = Path(__file__).resolve().parent.parent
KUBE = ROOT / "deploy" / "kubernetes"


def kustomization() -> dict[str, Any]:
    return dict(yaml.safe_load((KUBE / "kustomization.yaml").read_text()))


def resources() -> dict[str, dict[str, Any]]:
    """Every document of every resource file, by kind (each kind once)."""
    found: dict[str, dict[str, Any]] = {}
    for name in kustomization()["resources"]:
        for doc in yaml.safe_load_all((KUBE / name).read_text()):
            assert doc["kind"] not in found, f"{doc['kind']} twice"
            found[doc["kind"]] = doc
    return found


@pytest.fixture(scope="module")
def kinds() -> dict[str, dict[str, Any]]:
    return resources()


def container(kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    (only,) = kinds["Deployment"]["spec"]["template"]["spec"]["containers"]
    return dict(only)


def quantity(value: str | int | float) -> float:
    """A Kubernetes quantity as a number (cores, bytes): "500m", "2", "1Gi", "512Mi"."""
    text = str(value)
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 1e3, "M": 1e6, "G": 1e9}
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", text)
    assert match, text
    return float(match.group(1)) * units.get(match.group(2), 1.0) if match.group(2) else float(match.group(1))


def test_kustomization_names_existing_files_of_the_expected_kinds(kinds: dict[str, dict[str, Any]]) -> None:
    assert set(kinds) == {"Namespace", "Deployment", "Service", "Ingress"}
    for doc in kinds.values():
        assert doc["apiVersion"] and doc["metadata"]["name"]
    assert kustomization()["namespace"] == kinds["Namespace"]["metadata"]["name"]
    assert "helm" not in " ".join(p.name.lower() for p in KUBE.iterdir())


def test_labels_and_selectors_agree(kinds: dict[str, dict[str, Any]]) -> None:
    deployment, service = kinds["Deployment"], kinds["Service"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector and selector.items() <= pod_labels.items()
    assert service["spec"]["selector"] and service["spec"]["selector"].items() <= pod_labels.items()
    assert deployment["spec"]["replicas"] >= 2


def test_ports_agree_from_ingress_to_container(kinds: dict[str, dict[str, Any]]) -> None:
    (port,) = container(kinds)["ports"]
    (service_port,) = kinds["Service"]["spec"]["ports"]
    assert service_port["targetPort"] in (port["name"], port["containerPort"])
    (rule,) = kinds["Ingress"]["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == kinds["Service"]["metadata"]["name"]
    assert backend["port"].get("name") == service_port["name"] or backend["port"].get("number") == service_port["port"]
    assert path["path"] == "/" and path["pathType"] == "Prefix"


def test_probes_ask_the_health_route_on_the_container_port(kinds: dict[str, dict[str, Any]]) -> None:
    spec = container(kinds)
    (port,) = spec["ports"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert spec[probe]["httpGet"]["path"] == HEALTH_PATH, probe
        assert spec[probe]["httpGet"]["port"] in (port["name"], port["containerPort"]), probe
    # Liveness gives the process more slack than readiness: a busy process leaves rotation before it is killed.
    live, ready = spec["livenessProbe"], spec["readinessProbe"]
    assert live["periodSeconds"] * live["failureThreshold"] > ready["periodSeconds"] * ready["failureThreshold"]


def test_requests_and_limits_are_set(kinds: dict[str, dict[str, Any]]) -> None:
    resources_ = container(kinds)["resources"]
    for kind in ("cpu", "memory"):
        request, limit = quantity(resources_["requests"][kind]), quantity(resources_["limits"][kind])
        assert 0 < request <= limit, (kind, request, limit)


def test_ingress_keeps_a_browser_on_its_pod_and_websockets_open(kinds: dict[str, dict[str, Any]]) -> None:
    notes = kinds["Ingress"]["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "affinity-mode"] == "persistent"
    assert notes[prefix + "session-cookie-name"]
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(notes[prefix + timeout]) >= TIMEOUTS["tunnel"], timeout
    assert kinds["Ingress"]["spec"]["ingressClassName"] == "nginx"
    (tls,) = kinds["Ingress"]["spec"]["tls"]
    assert tls["secretName"] and tls["hosts"] == [kinds["Ingress"]["spec"]["rules"][0]["host"]]


def test_the_image_is_the_one_the_containerfile_builds(kinds: dict[str, dict[str, Any]]) -> None:
    spec = container(kinds)
    images = {image["name"] for image in kustomization()["images"]}
    assert spec["image"] in images
    containerfile = (KUBE / "Containerfile").read_text()
    (port,) = spec["ports"]
    assert re.search(rf"^EXPOSE {port['containerPort']}$", containerfile, flags=re.M)
    assert f'"--port={port["containerPort"]}"' in containerfile and '"osteo_lib.apps.serve"' in containerfile
    assert '"--Voila.ip=0.0.0.0"' in containerfile
    user = kinds["Deployment"]["spec"]["template"]["spec"]["securityContext"]["runAsUser"]
    assert re.search(rf"^USER {user}$", containerfile, flags=re.M)
    # Every file the image copies exists in the repository.
    for source in re.findall(r"^COPY (.+) \S+$", containerfile, flags=re.M):
        for part in source.split():
            assert (ROOT / part).exists(), part
    assert "pip install -c requirements.lock" in containerfile


def test_deploy_doc_covers_the_layout_and_tls() -> None:
    text = (ROOT / "docs" / "deploy.md").read_text()
    for needed in ("kubectl apply -k deploy/kubernetes", "make serve", "TLS", "osteo-dashboard-tls", "Containerfile"):
        assert needed in text, needed
