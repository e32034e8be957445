"""Posts (岗位) imported from Excel: new posts added, known ones updated in place, bad rows refused."""

from dataimport import registry, services
from staff.models import Post
from tests.dataimport.helpers import xlsx_upload

POSTS = registry.get("posts")
HEADERS = ["岗位名称", "岗位编码", "科室", "编制人数", "职位目标", "向上负责", "平行协作", "向下指导"]


def test_posts_are_added_and_updated_in_place(org):
    batch = services.batch_preview(importer=POSTS, upload=xlsx_upload([
        ["门诊护士", "", "心内科", 12, "门诊护理", "护士长", "", ""],
        ["系统管理员", "system_admin", "", 3, "", "", "", ""],
        ["网络管理员", "", "", "", "", "", "", ""],
        ["", "x y", "火星科", "很多", "", "", "", ""],
    ], headers=HEADERS), options={}, by=org.hr)

    assert [(o["number"], o["action"], o["messages"], o["changes"]) for o in batch.preview["outcomes"]] == [
        (2, "create", [], []),
        (3, "update", [], [["编制人数", "1", "3"]]),
        (4, "unchanged", [], []),
        (5, "error", ["岗位名称为空或超过 50 个字符。", "编码只能包含字母、数字、- 和 _（最多 30 个字符）。", "未知的科室“火星科”。",
                      "编制人数须为 0～999 的整数。"], []),
    ]
    services.batch_apply(batch=batch, by=org.hr, only_valid=True)

    nurse = Post.objects.get(name="门诊护士")
    assert (nurse.code, nurse.department.name, nurse.headcount, nurse.objective) == ("post-1", "心内科", 12, "门诊护理")
    assert Post.objects.get(code="system_admin").headcount == 3
    assert nurse.history.get().history_user == org.hr
