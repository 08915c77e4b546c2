# The story of Hồng Lĩnh's congress IV (governance's layer), for the targets measured here.
from lienhiep.governance.tests.conftest import term_iv  # noqa: F401
