"""``--fix`` replaces a document only by the same file with new contents.

A fix writes a new file and renames it over the old one, which makes a new inode: it must not
write a file the user could not write in place (read-only, another user's), split hard links,
or lose the owner, group, mode, extended attributes or ACLs. Each case runs through the real
file system; cases about another user run `apply_plan` in a child process that has dropped to
that uid (the suite runs as root, and root may write anything).
"""

from __future__ import annotations

import os
import stat
import struct
import tempfile
from pathlib import Path

import pytest

from markcheck import fix
from markcheck.config import Config

from .conftest import UNDER, write

FIXED_BANNER = "S E C R E T USNATO 000114"
NOBODY = 65534
OTHER = 65533
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                             reason="changing a file's owner and dropping to another uid need root")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # --fix writes only inside the working directory
    return tmp_path


def _xattrs_supported(folder) -> bool:
    probe = os.path.join(folder, ".probe")
    open(probe, "wb").close()
    try:
        os.setxattr(probe, "user.markcheck-probe", b"1")
        return True
    except (AttributeError, OSError):
        return False
    finally:
        os.unlink(probe)


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX ACL as Linux stores it in ``system.posix_acl_access``: version 2, then
    (tag, permissions, id) entries in tag order."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, ident) for tag, perm, ident in entries)


UNDEFINED = 0xFFFFFFFF
USER_OBJ, USER, GROUP_OBJ, MASK, OTHERS = 0x01, 0x02, 0x04, 0x10, 0x20


# --- refused: the file could not be written in place ----------------------------------------

def test_a_read_only_file_is_refused(project, cli):
    doc = write(project / "doc.txt", UNDER)
    os.chmod(doc, 0o444)
    run = cli("check", "--fix", doc.name)
    assert run.code == 2
    assert "not fixed: doc.txt: is read-only; not written" in run.err
    assert doc.read_text(encoding="utf-8") == UNDER and stat.S_IMODE(doc.stat().st_mode) == 0o444


def test_a_hard_linked_file_is_refused(project, cli):
    doc = write(project / "doc.txt", UNDER)
    os.link(doc, project / "alias.txt")
    run = cli("check", "--fix", doc.name)
    assert run.code == 2
    assert "doc.txt: has 2 hard links, which replacing it would split; not written" in run.err
    assert os.path.samefile(doc, project / "alias.txt")
    assert doc.read_text(encoding="utf-8") == UNDER


def test_a_file_writable_in_place_is_fixed(project, cli):
    doc = write(project / "doc.txt", UNDER)
    os.chmod(doc, 0o640)
    run = cli("check", "--fix", doc.name)
    assert FIXED_BANNER in doc.read_text(encoding="utf-8"), run.err
    assert stat.S_IMODE(doc.stat().st_mode) == 0o640


# --- kept: owner, group, mode, extended attributes, ACLs --------------------------------------

@as_root
def test_root_keeps_another_users_owner_group_and_mode(project, cli):
    doc = write(project / "doc.txt", UNDER)
    os.chown(doc, NOBODY, NOBODY)
    os.chmod(doc, 0o2640)  # set-group-ID: chown on the new file would clear it if done after chmod
    cli("check", "--fix", doc.name)
    info = doc.stat()
    assert FIXED_BANNER in doc.read_text(encoding="utf-8")
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOBODY, 0o2640)


def test_extended_attributes_are_kept(project, cli):
    if not _xattrs_supported(project):
        pytest.skip(f"the file system of {project} keeps no user extended attributes")
    doc = write(project / "doc.txt", UNDER)
    os.setxattr(doc, "user.origin", b"registry 2009/114")
    os.setxattr(doc, "user.empty", b"")
    cli("check", "--fix", doc.name)
    assert FIXED_BANNER in doc.read_text(encoding="utf-8")
    assert {name: os.getxattr(doc, name) for name in os.listxattr(doc)} == {
        "user.origin": b"registry 2009/114", "user.empty": b""}


def _acls_supported(folder) -> bool:
    probe = os.path.join(folder, ".probe")
    open(probe, "wb").close()
    try:
        os.setxattr(probe, "system.posix_acl_access", _acl((USER_OBJ, 6, UNDEFINED), (GROUP_OBJ, 4, UNDEFINED),
                                                           (OTHERS, 4, UNDEFINED)))
        return True
    except (AttributeError, OSError):
        return False
    finally:
        os.unlink(probe)


def test_an_acl_is_kept(project, cli):
    if not _acls_supported(project):
        pytest.skip(f"the file system of {project} keeps no POSIX ACLs")
    doc = write(project / "doc.txt", UNDER)
    acl = _acl((USER_OBJ, 6, UNDEFINED), (USER, 6, NOBODY), (GROUP_OBJ, 4, UNDEFINED), (MASK, 6, UNDEFINED),
               (OTHERS, 0, UNDEFINED))  # also: user nobody may read and write
    os.setxattr(doc, "system.posix_acl_access", acl)
    mode = stat.S_IMODE(doc.stat().st_mode)
    cli("check", "--fix", doc.name)
    assert FIXED_BANNER in doc.read_text(encoding="utf-8")
    assert os.getxattr(doc, "system.posix_acl_access") == acl
    assert stat.S_IMODE(doc.stat().st_mode) == mode


def test_a_directorys_default_acl_is_not_added_to_a_file_without_one(project, cli):
    if not _acls_supported(project):
        pytest.skip(f"the file system of {project} keeps no POSIX ACLs")
    doc = write(project / "doc.txt", UNDER)
    os.setxattr(project, "system.posix_acl_default", _acl(
        (USER_OBJ, 7, UNDEFINED), (USER, 7, NOBODY), (GROUP_OBJ, 5, UNDEFINED), (MASK, 7, UNDEFINED),
        (OTHERS, 5, UNDEFINED)))  # new files in the directory would inherit an ACL
    cli("check", "--fix", doc.name)
    assert FIXED_BANNER in doc.read_text(encoding="utf-8")
    assert "system.posix_acl_access" not in os.listxattr(doc)


# --- another user's run: what it cannot keep, it refuses ---------------------------------------

def _apply_as(uid: int, gid: int, path: str) -> str:
    """`apply_plan` for `path`, planned here and run in a child process as `uid`/`gid`:
    "written", or "refused: REASON"."""
    plan = fix.plan_file(path, Config(today=None))
    assert plan.changed
    read, written = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to the user, write or refuse, report, exit
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            try:
                fix.apply_plan(plan, root=os.path.dirname(path))
                answer = "written"
            except fix.FixRefused as exc:
                answer = f"refused: {exc.reason}"
            except BaseException as exc:  # noqa: BLE001 - reported to the parent as a failure
                answer = f"error: {exc!r}"
            os.write(written, answer.encode())
        finally:
            os._exit(0)
    os.close(written)
    with os.fdopen(read, "rb") as handle:
        answer = handle.read().decode()
    os.waitpid(pid, 0)
    return answer


@pytest.fixture
def shared_folder():
    """A directory every user may write (the uids below have no home of their own)."""
    folder = tempfile.mkdtemp(prefix="markcheck-fix-metadata-")
    os.chmod(folder, 0o777)
    yield folder
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    os.rmdir(folder)


def _document(folder: str, uid: int, gid: int, mode: int) -> str:
    path = os.path.join(folder, "doc.txt")
    write(Path(path), UNDER)
    os.chown(path, uid, gid)
    os.chmod(path, mode)
    return path


@as_root
def test_a_file_the_user_may_not_write_is_refused(shared_folder):
    path = _document(shared_folder, 0, 0, 0o644)  # root's; the directory lets nobody replace it
    assert _apply_as(NOBODY, NOBODY, path) == "refused: is read-only; not written"
    info = os.stat(path)
    assert (info.st_uid, open(path, encoding="utf-8").read()) == (0, UNDER)


@as_root
def test_another_users_file_is_refused_even_if_writable(shared_folder):
    path = _document(shared_folder, OTHER, OTHER, 0o666)
    assert _apply_as(NOBODY, NOBODY, path) == \
        f"refused: belongs to uid {OTHER}; a replacement would belong to you (uid {NOBODY}); not written"
    assert (os.stat(path).st_uid, open(path, encoding="utf-8").read()) == (OTHER, UNDER)


@as_root
def test_a_group_the_user_cannot_give_is_refused(shared_folder):
    path = _document(shared_folder, NOBODY, 0, 0o664)  # nobody's file in root's group
    answer = _apply_as(NOBODY, NOBODY, path)
    assert answer.startswith(f"refused: its owner and group (uid {NOBODY}, gid 0) cannot be kept"), answer
    assert (os.stat(path).st_gid, open(path, encoding="utf-8").read()) == (0, UNDER)


@as_root
def test_an_attribute_the_user_cannot_set_is_refused(shared_folder):
    path = _document(shared_folder, NOBODY, NOBODY, 0o644)
    try:
        os.setxattr(path, "security.markcheck-label", b"kept")  # only a privileged process may set it
    except OSError as exc:
        pytest.skip(f"the file system keeps no security.* extended attributes: {exc.strerror}")
    answer = _apply_as(NOBODY, NOBODY, path)
    assert answer.startswith("refused: its extended attribute security.markcheck-label cannot be kept"), answer
    assert os.getxattr(path, "security.markcheck-label") == b"kept"
    assert open(path, encoding="utf-8").read() == UNDER


@as_root
def test_the_users_own_file_is_fixed_as_that_user(shared_folder):
    path = _document(shared_folder, NOBODY, NOBODY, 0o600)
    assert _apply_as(NOBODY, NOBODY, path) == "written"
    info = os.stat(path)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOBODY, 0o600)
    assert FIXED_BANNER in open(path, encoding="utf-8").read()
