"""axe-core, from npm, injected into a page and run against WCAG 2.2 A and AA."""

from pathlib import Path

import pytest
from django.conf import settings

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now and return its WCAG 2.2 A/AA violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: a <script> tag added to the page would be refused by
        # the site's Content-Security-Policy (and reported as an error), as it should be.
        page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def assert_accessible(page):
    """Fail the test listing each axe-core violation: rule id, impact and the elements it found."""
    violations = axe_violations(page)
    if violations:
        lines = [f"axe-core found {len(violations)} WCAG 2.2 A/AA violation(s) on {page.url}:"]
        for violation in violations:
            targets = ", ".join(" ".join(str(part) for part in node["target"]) for node in violation["nodes"][:5])
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{targets}]")
        pytest.fail("\n".join(lines), pytrace=False)
