"""The administrative posts (行政职务) and professional titles (业务职称) as the data migration seeds them.

人员授权审批制度 (八): 信息系统授权行政职务分为: 院长、副院长、主任、副主任、护士长、副护士长、负责人等相对应职务;
业务分为: 主任医师、副主任医师、主治医师、医师、医士, 主任护师、副主任护师、主管护师、护师、护士和其他专业相对应职称.

The other professions' corresponding titles (药、技、工程、会计、经济) are seeded too, so that a hospital's
roster imports without adding them by hand. Nothing here is read at run time: admins edit the rows.
"""

# name, department role ("head", "deputy" or "")
POSITIONS = [
    ("院长", ""),
    ("副院长", ""),
    ("主任", "head"),
    ("副主任", "deputy"),
    ("护士长", ""),
    ("副护士长", ""),
    ("负责人", "head"),
]

SENIOR, ASSOCIATE, INTERMEDIATE, JUNIOR, ASSISTANT = "senior", "associate", "intermediate", "junior", "assistant"

# name, level — the policy's two series first, then the corresponding titles of other professions.
TITLES = [
    ("主任医师", SENIOR), ("副主任医师", ASSOCIATE), ("主治医师", INTERMEDIATE), ("医师", JUNIOR), ("医士", ASSISTANT),
    ("主任护师", SENIOR), ("副主任护师", ASSOCIATE), ("主管护师", INTERMEDIATE), ("护师", JUNIOR), ("护士", ASSISTANT),
    ("主任药师", SENIOR), ("副主任药师", ASSOCIATE), ("主管药师", INTERMEDIATE), ("药师", JUNIOR), ("药士", ASSISTANT),
    ("主任技师", SENIOR), ("副主任技师", ASSOCIATE), ("主管技师", INTERMEDIATE), ("技师", JUNIOR), ("技士", ASSISTANT),
    ("正高级工程师", SENIOR), ("高级工程师", ASSOCIATE), ("工程师", INTERMEDIATE), ("助理工程师", JUNIOR),
    ("技术员", ASSISTANT),
    ("正高级会计师", SENIOR), ("高级会计师", ASSOCIATE), ("会计师", INTERMEDIATE), ("助理会计师", JUNIOR),
    ("正高级经济师", SENIOR), ("高级经济师", ASSOCIATE), ("经济师", INTERMEDIATE), ("助理经济师", JUNIOR),
]

# Names in use for the same title (a roster may say 住院医师 for 医师).
TITLE_ALIASES = {"住院医师": "医师"}


def load(apps):
    """Create the posts and titles that are missing; rows that exist stay as admins edited them."""
    Position = apps.get_model("staff", "Position")
    ProfessionalTitle = apps.get_model("staff", "ProfessionalTitle")
    for order, (name, department_role) in enumerate(POSITIONS, start=1):
        Position.objects.get_or_create(name=name, defaults={"department_role": department_role,
                                                            "sort_order": order * 10})
    for order, (name, level) in enumerate(TITLES, start=1):
        ProfessionalTitle.objects.get_or_create(name=name, defaults={"level": level, "sort_order": order * 10})
