"""ECR."""
from ._support import around, patch


@patch
def images_are_pushed_three_hours_before_put_image():
    """Images report a push time 3 hours before the PutImage call that made them.

    Not an AWS behaviour: AWS reports the real push time. A test cannot push at a chosen time, and
    `images` prints the age ("PUSHED AT ... 3 hours ago"): with the real time the output would
    depend on how many seconds the setup took. Three hours is far from any unit boundary.
    Test: test_image_push_time_is_three_hours_back; corpus 183/185-images.
    """
    from moto.ecr.models import Image

    @around(Image, "__init__")
    def init(original, image, *args, **kwargs):
        original(image, *args, **kwargs)
        image.image_pushed_at = int(image.image_pushed_at) - 3 * 3600


@patch
def describe_images_filters_on_tag_status():
    """DescribeImages honours `filter.tagStatus` (TAGGED, UNTAGGED, ANY).

    AWS: only tagged, only untagged, or all images. moto ignores the filter (its ListImages has
    it, DescribeImages does not), so `images --tagged/--untagged` would list everything.
    Test: test_describe_images_filters_on_tag_status; corpus 185-images-tagged.
    """
    from moto.core.responses import ActionResult
    from moto.ecr.responses import ECRResponse

    @around(ECRResponse, "describe_images")
    def describe_images(original, response):
        result = original(response)
        status = (response._get_param("filter") or {}).get("tagStatus")
        if status not in ("TAGGED", "UNTAGGED"):
            return result
        want_tags = status == "TAGGED"
        details = [i for i in result.result["imageDetails"] if bool(getattr(i, "image_tags", None)) == want_tags]
        return ActionResult({**result.result, "imageDetails": details})


@patch
def authorization_token_names_the_test_registry():
    """GetAuthorizationToken names the registry in `$ECS_TEST_ECR_REGISTRY` (`host:port`) when set.

    AWS: `proxyEndpoint` is `https://<account>.dkr.ecr.<region>.amazonaws.com`, a registry that
    serves the account's repositories. moto returns that same name, but nothing serves it, so a
    Docker engine told to push there fails. The push/pull tests run a real registry on loopback
    and start the emulator with its address; then the token names it (`https://host:port`).
    Unset, nothing changes.
    Test: test_authorization_token_names_the_test_registry; tests/it/images.rs push/pull.
    """
    import os

    from moto.core.responses import ActionResult
    from moto.ecr.responses import ECRResponse

    @around(ECRResponse, "get_authorization_token")
    def get_authorization_token(original, response):
        result = original(response)
        registry = os.environ.get("ECS_TEST_ECR_REGISTRY")
        if not registry:
            return result
        data = [{**d, "proxyEndpoint": f"https://{registry}"} for d in result.result["authorizationData"]]
        return ActionResult({**result.result, "authorizationData": data})
