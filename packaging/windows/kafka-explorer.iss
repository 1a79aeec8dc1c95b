; Inno Setup 6 script: installs Kafka Explorer's PyInstaller one-directory bundle on Windows 10/11.
; Build it with `python packaging\build.py windows`, which passes the defines below to ISCC:
;   iscc /DAppVersion=0.1.0 /DBundleDir=...\dist\windows\pyinstaller\kafka-explorer /DOutputDir=...\dist\windows kafka-explorer.iss
; Per-user install by default (no administrator rights); the first page offers a machine-wide one.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (packaging\build.py windows does)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\windows\pyinstaller\kafka-explorer"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist\windows"
#endif
#define AppName "Kafka Explorer"
#define AppExe "kafka-explorer.exe"
#define AppPublisher "Kafka Explorer developers"
#define AppURL "https://github.com/kafka-explorer/kafka-explorer"

[Setup]
; The GUID identifies the product for upgrades and uninstall: never change it.
AppId={{59423F36-9835-4A61-B734-CF128FF278E8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppPublisherURL={#AppURL}
AppSupportURL={#AppURL}/issues
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=kafka-explorer-{#AppVersion}-windows-x86_64-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
LicenseFile=..\..\resources\licenses\Apache-2.0.txt
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the whole bundle, so no library of an older release lingers next to the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent
