import datetime

import factory
from django.contrib.auth.models import Group

from approvals.models import RequestType
from approvals.subjects import register_subject
from staff.idnumbers import check_char
from staff.models import Department, Post, StaffProfile, User

PASSWORD = "correct-horse-battery"


def stand_in_request_type(code, name="", **fields):
    """A request type of the tests' own: any object stands in as its subject (its hooks do nothing)."""
    register_subject(code)
    return RequestType.objects.create(code=code, name=name or code, **fields)


def valid_id_number(seq=1, born=datetime.date(1990, 5, 17)):
    first17 = f"110105{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_char(first17)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"科室{n}")
    kind = Department.Kind.CLINICAL


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"post{n}")
    name = factory.Sequence(lambda n: f"岗位{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"{5000 + n}")
    name = factory.Sequence(lambda n: f"员工{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@hospital.example")
    must_change_password = False

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get(name=role.value) for role in extracted])


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    status = StaffProfile.Status.REGULAR
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    id_number = factory.Sequence(lambda n: valid_id_number(n))
    hire_date = datetime.date(2020, 7, 1)
