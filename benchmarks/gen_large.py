#!/usr/bin/env python3
"""Writes a large valid scenario in the pkforce vocabulary to argv[1]: about 20,000 units,
or about 1,000 with argv[2] == "medium" (platoons left out).

A copy of the project's shared benchmark generator, so the benchmarks run from a clean clone; the
output is byte for byte the same.
"""

import sys

nations = ["RUS", "KAZ", "BLR", "KGZ", "TJK", "ARM"]
out = [
    "pkforce: 1",
    "id: large-stress",
    "title: Large stress scenario",
    "start: 2027-01-01",
    "organization: csto",
    "operation:",
    "  kind: member_territory",
    "  host_state: KGZ",
    "  duration: P12M",
    "procedure:",
    "  - step: application",
    "    by: KGZ",
    "    date: 2027-01-01",
    "  - step: council_decision",
    "    date: 2027-01-02",
    "    votes: {ARM: yes, BLR: yes, KAZ: yes, KGZ: yes, RUS: yes, TJK: yes}",
    "  - step: un_notification",
    "    date: 2027-01-02",
    "units:",
    "  - id: cc",
    "    name: Combined Command",
    "    category: command",
    "    echelon: division",
    "    nation: RUS",
    "    personnel: {military: 200, police: 20, civilian: 30}",
    "    readiness: P5D",
]


def unit(uid: str, name: str, echelon: str, parent: str, nation: str, mil: int, readiness: int) -> None:
    out.extend(
        [
            f"  - id: {uid}",
            f"    name: {name}",
            "    category: combat",
            f"    echelon: {echelon}",
            f"    nation: {nation}",
            f"    parent: {parent}",
            f"    personnel: {{military: {mil}}}",
            f"    readiness: {{min: P{readiness}D, mode: P{readiness + 5}D, max: P{readiness + 20}D}}",
        ]
    )


n = 1
medium = len(sys.argv) > 2 and sys.argv[2] == "medium"
brigades, battalions, platoons = (4, 6, 0) if medium else (3, 5, 35)
for nat in nations:
    for b in range(brigades):
        bid = f"{nat.lower()}-b{b}"
        unit(bid, f"{nat} brigade {b}", "brigade", "cc", nat, 100, 10)
        n += 1
        for bn in range(battalions):
            nid = f"{bid}-n{bn}"
            unit(nid, f"{nat} battalion {b}.{bn}", "battalion", bid, nat, 60, 12)
            n += 1
            for c in range(6):
                cid = f"{nid}-c{c}"
                unit(cid, f"{nat} company {b}.{bn}.{c}", "company", nid, nat, 20, 14)
                n += 1
                for p in range(platoons):
                    unit(f"{cid}-p{p}", f"{nat} platoon {b}.{bn}.{c}.{p}", "platoon", cid, nat, 30, 15)
                    n += 1
with open(sys.argv[1], "w") as fh:
    fh.write("\n".join(out) + "\n")
print(n, "units", file=sys.stderr)
