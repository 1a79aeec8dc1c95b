"""Build Kafka Explorer's desktop bundle: ``python packaging/build.py linux|windows|macos``.

Each target runs PyInstaller on ``kafka-explorer.spec`` (a one-directory bundle), checks the result
holds what the app needs, then packs it for its platform: a tarball with the ``.desktop`` file,
icons and AppStream metainfo (Linux), an Inno Setup installer (Windows), a signed and notarised
``.app`` when given credentials (macOS). ``--dry-run`` prints the plan and runs nothing, on any OS.
"""

from __future__ import annotations

import argparse
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Sequence
from pathlib import Path

import bundle

HERE = Path(__file__).resolve().parent
ROOT = bundle.ROOT
RESOURCES = ROOT / "resources"
SPEC = HERE / "kafka-explorer.spec"
ISS = HERE / "windows" / "kafka-explorer.iss"
ENTITLEMENTS = HERE / "macos" / "entitlements.plist"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
DEFAULT_ISCC = r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"

REQUIRED = {
    "linux": ("kafka-explorer/kafka-explorer", "kafka-explorer/_internal/PySide6/Qt/lib/libQt6Core.so.6",
              *(f"kafka-explorer/_internal/PySide6/Qt/plugins/{p}" for p in (
                  "platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                  "iconengines/libqsvgicon.so", "imageformats/libqsvg.so")),
              "kafka-explorer/_internal/resources/icons/app.svg",
              f"kafka-explorer/_internal/resources/desktop/{bundle.APP_ID}.desktop"),
    "windows": ("kafka-explorer/kafka-explorer.exe", "kafka-explorer/_internal/**/platforms/qwindows.dll",
                "kafka-explorer/_internal/**/iconengines/qsvgicon.dll",
                "kafka-explorer/_internal/resources/icons/app.svg"),
    "macos": (f"{bundle.APP_NAME}.app/Contents/MacOS/{bundle.EXECUTABLE}",
              f"{bundle.APP_NAME}.app/Contents/Info.plist",
              f"{bundle.APP_NAME}.app/Contents/**/platforms/libqcocoa.dylib",
              f"{bundle.APP_NAME}.app/Contents/**/iconengines/libqsvgicon.dylib"),
}
"""Paths (globs) a finished bundle must contain, relative to PyInstaller's dist directory."""


class BuildError(RuntimeError):
    """A build step failed or produced an incomplete bundle."""


class Builder:
    """One target's build: the commands it runs, or in a dry run, prints."""

    def __init__(self, target: str, dist: Path, work: Path, dry_run: bool) -> None:
        self.target, self.dist, self.work, self.dry_run = target, dist, work, dry_run
        self.version = bundle.version()
        self.frozen = dist / "pyinstaller"

    def run(self, argv: Sequence[str | Path], **kwargs: object) -> None:
        print("+", shlex.join(str(a) for a in argv), flush=True)
        if not self.dry_run:
            subprocess.run([str(a) for a in argv], check=True, **kwargs)  # type: ignore[call-overload]

    def pyinstaller(self, codesign_identity: str | None = None) -> None:
        started = time.monotonic()
        env = {**os.environ, "KAFKA_EXPLORER_CODESIGN_IDENTITY": codesign_identity or ""}
        if codesign_identity:
            print(f"  (signing as {codesign_identity!r}, hardened runtime, {ENTITLEMENTS.name})")
        self.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                  "--distpath", self.frozen, "--workpath", self.work, SPEC], env=env)
        if not self.dry_run:
            self.verify()
            print(f"PyInstaller: {time.monotonic() - started:.0f} s, "
                  f"bundle {directory_size(self.frozen) / 1e6:.0f} MB in {self.frozen}")

    def verify(self) -> None:
        missing = [p for p in REQUIRED[self.target] if not any(self.frozen.glob(p))]
        if missing:
            raise BuildError(f"the bundle in {self.frozen} lacks: {', '.join(missing)}")

    # Linux -------------------------------------------------------------------------------------

    def linux(self) -> Path:
        self.pyinstaller()
        name = f"kafka-explorer-{self.version}-linux-{bundle.machine()}"
        tree = self.dist / name
        print(f"assemble {tree}")
        if not self.dry_run:
            assemble_linux_tree(self.frozen / bundle.EXECUTABLE, tree)
        tarball = self.dist / f"{name}.tar.gz"
        print(f"pack {tarball}")
        if not self.dry_run:
            with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
                tar.add(tree, arcname=name)
            print(f"tarball {tarball.stat().st_size / 1e6:.0f} MB: {tarball}")
        return tarball

    # Windows -----------------------------------------------------------------------------------

    def windows(self) -> Path:
        self.pyinstaller()
        installer = self.dist / f"kafka-explorer-{self.version}-windows-x86_64-setup.exe"
        iscc = shutil.which("iscc") or shutil.which("ISCC.exe") or DEFAULT_ISCC
        if not self.dry_run and not Path(iscc).exists():
            raise BuildError("Inno Setup 6 (ISCC.exe) is not installed: https://jrsoftware.org/isdl.php")
        self.run([iscc, f"/DAppVersion={self.version}", f"/DBundleDir={self.frozen / bundle.EXECUTABLE}",
                  f"/DOutputDir={self.dist}", ISS])
        return installer

    # macOS -------------------------------------------------------------------------------------

    def macos(self, identity: str | None, notary_profile: str | None) -> Path:
        if notary_profile and not identity:
            raise BuildError("notarisation needs a signed app: pass --sign too")
        self.pyinstaller(codesign_identity=identity)
        app = self.frozen / f"{bundle.APP_NAME}.app"
        if self.dry_run:
            print("Info.plist keys:\n" + plistlib.dumps(bundle.info_plist(self.version)).decode())
        if identity:
            self.run(["codesign", "--verify", "--deep", "--strict", "--verbose=2", app])
        archive = self.dist / f"kafka-explorer-{self.version}-macos-{bundle.machine()}.zip"
        self.run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", app, archive])
        if notary_profile:
            self.run(["xcrun", "notarytool", "submit", archive, "--keychain-profile", notary_profile,
                      "--wait"])
            self.run(["xcrun", "stapler", "staple", app])
            self.run(["xcrun", "stapler", "validate", app])
            self.run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", app, archive])
        return archive


def assemble_linux_tree(frozen: Path, tree: Path) -> None:
    """The tarball's content: the one-dir bundle, freedesktop metadata and icons, ``install.sh``."""
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(frozen, tree, symlinks=True)
    share = tree / "share"
    app_id = bundle.APP_ID
    (share / "applications").mkdir(parents=True)
    shutil.copy2(RESOURCES / "desktop" / f"{app_id}.desktop", share / "applications")
    (share / "metainfo").mkdir()
    shutil.copy2(RESOURCES / "desktop" / f"{app_id}.metainfo.xml", share / "metainfo")
    hicolor = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(RESOURCES / "icons" / "app" / f"{size}x{size}.png", target / f"{app_id}.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(RESOURCES / "icons" / "app.svg", hicolor / "scalable" / "apps" / f"{app_id}.svg")
    shutil.copy2(HERE / "linux" / "install.sh", tree / "install.sh")
    (tree / "install.sh").chmod(0o755)


def directory_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=("linux", "windows", "macos"))
    parser.add_argument("--dist", type=Path, help="output directory (default: dist/<target>)")
    parser.add_argument("--work", type=Path, help="PyInstaller work directory (default: build/<target>)")
    parser.add_argument("--dry-run", action="store_true", help="print the steps, run nothing")
    parser.add_argument("--sign", metavar="IDENTITY", default=os.environ.get("MACOS_SIGN_IDENTITY"),
                        help='macOS: "Developer ID Application: …" identity for codesign')
    parser.add_argument("--notarize", metavar="PROFILE", default=os.environ.get("MACOS_NOTARY_PROFILE"),
                        help="macOS: notarytool keychain profile (xcrun notarytool store-credentials)")
    args = parser.parse_args(argv)
    host = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform)
    if host != args.target and not args.dry_run:
        parser.error(f"PyInstaller cannot cross-build: build {args.target} on {args.target} "
                     "(or use --dry-run)")
    builder = Builder(args.target, (args.dist or ROOT / "dist" / args.target).resolve(),
                      (args.work or ROOT / "build" / args.target).resolve(), args.dry_run)
    if args.target == "linux":
        out = builder.linux()
    elif args.target == "windows":
        out = builder.windows()
    else:
        out = builder.macos(args.sign, args.notarize)
    print(f"{'would produce' if args.dry_run else 'built'}: {out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BuildError, subprocess.CalledProcessError) as failure:
        sys.exit(f"build failed: {failure}")
