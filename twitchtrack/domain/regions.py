"""Body-region catalogue: ids, labels, views, sides and body areas."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class View(StrEnum):
    """Which drawing of the body a region belongs to."""

    FRONT = "front"
    BACK = "back"
    FACE = "face"


class Side(StrEnum):
    """The person's own side (not the viewer's)."""

    LEFT = "left"
    RIGHT = "right"
    MIDDLE = "middle"


class Area(StrEnum):
    """Coarse body areas; the guidance rules count distinct areas to spot spreading."""

    HEAD = "head"
    NECK = "neck"
    TRUNK = "trunk"
    ARM = "arm"
    LEG = "leg"


@dataclass(frozen=True, slots=True)
class Region:
    """One tappable part of the body map."""

    id: str
    label: str
    view: View
    side: Side
    group: str
    area: Area

    @property
    def limb_key(self) -> str:
        """Area plus side: 'arm/left' and 'arm/right' count as two places."""
        if self.area in (Area.ARM, Area.LEG):
            return f"{self.area}/{self.side}"
        return str(self.area)


# group id -> (label, coarse area)
GROUPS: dict[str, tuple[str, Area]] = {
    "eyes": ("Eyes and brows", Area.HEAD),
    "face": ("Face", Area.HEAD),
    "mouth": ("Mouth and tongue", Area.HEAD),
    "scalp": ("Head", Area.HEAD),
    "neck": ("Neck", Area.NECK),
    "shoulders": ("Shoulders", Area.ARM),
    "arms": ("Arms", Area.ARM),
    "hands": ("Hands", Area.ARM),
    "chest": ("Chest", Area.TRUNK),
    "abdomen": ("Abdomen", Area.TRUNK),
    "back": ("Back", Area.TRUNK),
    "hips": ("Hips and buttocks", Area.LEG),
    "thighs": ("Thighs", Area.LEG),
    "knees": ("Knees", Area.LEG),
    "lower_legs": ("Shins and calves", Area.LEG),
    "feet": ("Feet", Area.LEG),
}

# (id stem, label stem, view, group, paired?)
_SPEC: tuple[tuple[str, str, View, str, bool], ...] = (
    # face view
    ("forehead", "Forehead", View.FACE, "face", False),
    ("temple", "temple", View.FACE, "face", True),
    ("eyebrow", "eyebrow", View.FACE, "eyes", True),
    ("eyelid_upper", "upper eyelid", View.FACE, "eyes", True),
    ("eyelid_lower", "lower eyelid", View.FACE, "eyes", True),
    ("cheek", "cheek", View.FACE, "face", True),
    ("nose", "Nose", View.FACE, "face", False),
    ("lip_upper", "Upper lip", View.FACE, "mouth", False),
    ("lip_lower", "Lower lip", View.FACE, "mouth", False),
    ("mouth_corner", "corner of the mouth", View.FACE, "mouth", True),
    ("chin", "Chin", View.FACE, "face", False),
    ("jaw", "jaw", View.FACE, "face", True),
    ("tongue", "Tongue", View.FACE, "mouth", False),
    # front view
    ("neck_front", "Front of the neck", View.FRONT, "neck", False),
    ("shoulder", "shoulder", View.FRONT, "shoulders", True),
    ("chest", "chest", View.FRONT, "chest", True),
    ("upper_arm_front", "upper arm (front)", View.FRONT, "arms", True),
    ("elbow", "elbow (inner)", View.FRONT, "arms", True),
    ("forearm_front", "forearm (inner)", View.FRONT, "arms", True),
    ("palm", "palm", View.FRONT, "hands", True),
    ("thumb", "thumb", View.FRONT, "hands", True),
    ("fingers", "fingers", View.FRONT, "hands", True),
    ("abdomen_upper", "Upper abdomen", View.FRONT, "abdomen", False),
    ("abdomen_lower", "Lower abdomen", View.FRONT, "abdomen", False),
    ("hip", "hip", View.FRONT, "hips", True),
    ("thigh_front", "thigh (front)", View.FRONT, "thighs", True),
    ("knee", "knee", View.FRONT, "knees", True),
    ("shin", "shin", View.FRONT, "lower_legs", True),
    ("foot_top", "top of the foot", View.FRONT, "feet", True),
    ("toes", "toes", View.FRONT, "feet", True),
    # back view
    ("head_back", "Back of the head", View.BACK, "scalp", False),
    ("neck_back", "Back of the neck", View.BACK, "neck", False),
    ("shoulder_back", "shoulder (back)", View.BACK, "shoulders", True),
    ("upper_back", "upper back", View.BACK, "back", True),
    ("lower_back", "lower back", View.BACK, "back", True),
    ("upper_arm_back", "upper arm (back)", View.BACK, "arms", True),
    ("forearm_back", "forearm (outer)", View.BACK, "arms", True),
    ("hand_back", "back of the hand", View.BACK, "hands", True),
    ("buttock", "buttock", View.BACK, "hips", True),
    ("thigh_back", "thigh (back)", View.BACK, "thighs", True),
    ("knee_back", "back of the knee", View.BACK, "knees", True),
    ("calf", "calf", View.BACK, "lower_legs", True),
    ("heel", "heel", View.BACK, "feet", True),
    ("sole", "sole", View.BACK, "feet", True),
)


def _build() -> tuple[Region, ...]:
    out: list[Region] = []
    for stem, label, view, group, paired in _SPEC:
        area = GROUPS[group][1]
        if not paired:
            out.append(Region(stem, label, view, Side.MIDDLE, group, area))
            continue
        for side in (Side.LEFT, Side.RIGHT):
            out.append(
                Region(
                    f"{stem}_{side}",
                    f"{side.capitalize()} {label}",
                    view,
                    side,
                    group,
                    area,
                )
            )
    return tuple(out)


REGIONS: tuple[Region, ...] = _build()


@cache
def _by_id() -> dict[str, Region]:
    return {r.id: r for r in REGIONS}


def region(region_id: str) -> Region:
    """The region with this id; KeyError if it is not in the catalogue."""
    return _by_id()[region_id]


def is_region(region_id: str) -> bool:
    """True when the id is in the catalogue."""
    return region_id in _by_id()


def regions_in(view: View | str) -> tuple[Region, ...]:
    """All regions drawn on one view, in catalogue order."""
    v = View(view)
    return tuple(r for r in REGIONS if r.view is v)


def group_label(group: str) -> str:
    """Human label of a body-area group."""
    return GROUPS[group][0]
