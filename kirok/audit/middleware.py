"""Placeholder wired into MIDDLEWARE while the security issue is being built; replaced there."""


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
