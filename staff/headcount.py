"""A post's headcount (编制) against the people in it (在岗), for the post list and for hiring.

岗位设置 gives each post of the department its number of people (各1人: `Post.headcount`). A higher domain may
approve people beyond it (hiring's approved headcount requests, 用人计划): it registers a provider in its
AppConfig.ready() with `register_approved_beyond(fn)`, where `fn(post_ids)` returns {post id: people approved
beyond the headcount} in one query. Staff imports none of them.
"""

from dataclasses import dataclass

_providers = []


def register_approved_beyond(provider):
    _providers.append(provider)


def approved_beyond(post_ids):
    """{post id: people approved beyond its headcount}, summed over the providers (missing ids: 0)."""
    post_ids = list(post_ids)
    totals = dict.fromkeys(post_ids, 0)
    for provider in _providers:
        for post_id, number in provider(post_ids).items():
            totals[post_id] = totals.get(post_id, 0) + number
    return totals


@dataclass(frozen=True)
class Staffing:
    """Filled against allowed for one post: 在岗 `filled` / 编制 `headcount` (+ `beyond` approved)."""

    filled: int
    headcount: int
    beyond: int = 0

    @property
    def allowed(self):
        return self.headcount + self.beyond

    @property
    def over(self):
        """People in the post beyond what is allowed (0 when within it)."""
        return max(0, self.filled - self.allowed)

    def is_full(self):
        return self.filled >= self.allowed


def staffing_for(posts):
    """Sets `post.staffing` on each post of `posts` (annotated with_filled()); one query per provider."""
    posts = list(posts)
    beyond = approved_beyond(post.pk for post in posts)
    for post in posts:
        post.staffing = Staffing(filled=post.filled, headcount=post.headcount, beyond=beyond[post.pk])
    return posts
