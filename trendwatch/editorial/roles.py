"""The newsroom's roles as Wagtail groups, and the review step every commentary passes.

Analysts write commentaries and submit them; Editors review, schedule and publish them and curate
trends, authors, weekly issues, images and similar-article pins; Administrators may do everything.
Every function takes an app registry (`apps`), so the data migration (historical models) and the
post-migrate hook (current models) share one definition of the roles.
"""

ANALYSTS = "Analysts"
EDITORS = "Editors"
ADMINISTRATORS = "Administrators"
WORKFLOW_NAME = "Review → Publish"
REVIEW_TASK_NAME = "Editor review"

# Page permissions on each article index. Wagtail's "add" lets its holder edit the pages they own
# and submit them for review, not publish them.
ARTICLE_PERMISSIONS = {
    ANALYSTS: ["add_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Administrators hold these on the root page, so on every page of every language.
ROOT_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
# Image permissions on the root collection. Wagtail checks them against its own Image model
# whatever the image model is; "add" includes editing one's own uploads.
IMAGE_PERMISSIONS = {
    ANALYSTS: ["add", "choose"],
    EDITORS: ["add", "change", "choose", "delete"],
    ADMINISTRATORS: ["add", "change", "choose", "delete"],
}
CURATED_MODELS = ["trend", "author", "weeklyissue"]
EDITOR_MODEL_PERMISSIONS = [
    f"publishing.{action}_{model}" for model in CURATED_MODELS for action in ("add", "change", "delete", "view")
]
ADMIN_ACCESS = "wagtailadmin.access_admin"
# Editors' rights in apps whose permissions appear only when those apps migrate: granted after
# every migrate by the post-migrate hook, so they hold whichever app came last.
EDITOR_LATER_PERMISSIONS = [
    *(f"dynamics.{action}_forecastresolution" for action in ("add", "change", "delete", "view")),
    *(f"dynamics.{action}_likelihoodlevel" for action in ("add", "change", "view")),
    "newsletter.send_letter",
    "newsletter.view_subscriber",
    *(f"entities.{action}_{model}" for model in ("entity", "suggestion") for action in ("add", "change", "delete", "view")),
]


def install(apps):
    """Create the three groups, their permissions and the review workflow (data migration)."""
    Group = apps.get_model("auth", "Group")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (ANALYSTS, EDITORS, ADMINISTRATORS)}
    # Wagtail's starter "Editors" group may edit every page of the site: the role replaces its rights.
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=groups[EDITORS]).delete()
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(group=groups[EDITORS]).delete()
    groups[EDITORS].permissions.clear()
    groups[ANALYSTS].permissions.add(_permission(apps, ADMIN_ACCESS))
    groups[EDITORS].permissions.add(*[_permission(apps, name) for name in [ADMIN_ACCESS, *EDITOR_MODEL_PERMISSIONS]])
    grant_every_permission_to_administrators(apps)

    root = apps.get_model("wagtailcore", "Page").objects.get(depth=1)
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for codename in ROOT_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=groups[ADMINISTRATORS], page=root, permission=_permission(apps, f"wagtailcore.{codename}")
        )
    _grant_image_permissions(apps, groups)
    _make_workflow(apps, groups)
    _hand_starter_task_to_administrators(apps, groups)
    attach_to_article_indexes(apps)


def attach_to_article_indexes(apps):
    """Give every article index the workflow and the Analysts' and Editors' page permissions.

    Idempotent; an index that already has a workflow of its own keeps it.
    """
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    groups = {group.name: group for group in Group.objects.filter(name__in=list(ARTICLE_PERMISSIONS))}
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None or len(groups) < len(ARTICLE_PERMISSIONS):
        return  # the roles were removed on purpose (or the database was flushed)
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for index in apps.get_model("publishing", "ArticleIndexPage").objects.all():
        WorkflowPage.objects.get_or_create(page_id=index.pk, defaults={"workflow": workflow})
        for name, codenames in ARTICLE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name], page_id=index.pk, permission=_permission(apps, f"wagtailcore.{codename}")
                )


def grant_later_permissions_to_editors(apps):
    editors = apps.get_model("auth", "Group").objects.filter(name=EDITORS).first()
    if editors is None:
        return
    Permission = apps.get_model("auth", "Permission")
    for dotted in EDITOR_LATER_PERMISSIONS:
        app_label, codename = dotted.split(".")
        editors.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def grant_every_permission_to_administrators(apps):
    """Administrators hold every model permission, including those of apps installed later."""
    administrators = apps.get_model("auth", "Group").objects.filter(name=ADMINISTRATORS).first()
    if administrators is not None:
        administrators.permissions.add(*apps.get_model("auth", "Permission").objects.all())


def _permission(apps, dotted):
    app_label, codename = dotted.split(".")
    return apps.get_model("auth", "Permission").objects.get(content_type__app_label=app_label, codename=codename)


def _grant_image_permissions(apps, groups):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.get(depth=1)
    for name, actions in IMAGE_PERMISSIONS.items():
        for action in actions:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root, permission=_permission(apps, f"wagtailimages.{action}_image")
            )


def _make_workflow(apps, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME, content_type=task_type, active=True)
    task.groups.add(groups[EDITORS], groups[ADMINISTRATORS])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    apps.get_model("wagtailcore", "WorkflowTask").objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )


def _hand_starter_task_to_administrators(apps, groups):
    """Wagtail's starter "Moderators" group gives way to the roles; its approval task (on pages
    outside the article indexes) goes to the Administrators. A Moderators group in use stays."""
    Group = apps.get_model("auth", "Group")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is None or moderators.user_set.exists():
        return
    for task in apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(groups=moderators):
        task.groups.add(groups[ADMINISTRATORS])
    moderators.delete()
