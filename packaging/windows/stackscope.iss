; Inno Setup script for Stackscope: packs the PyInstaller one-folder bundle into one setup.exe.
;
; packaging/build.py runs it on Windows after the frozen smoke test passed, like this:
;   ISCC.exe /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0 /DBundleDir=C:\...\dist\stackscope /DDistDir=C:\...\dist
;            /DRepoRoot=C:\... packaging\windows\stackscope.iss
; and it writes dist\stackscope-<version>-windows-x64-setup.exe. Works with Inno Setup 6.3+ and 7.
;
; Lab machines: "setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS" installs for every
; account with no questions; "/CURRENTUSER" installs for one account without admin rights.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric "0.0.0"
#endif
#ifndef RepoRoot
  #define RepoRoot "..\.."
#endif
#ifndef BundleDir
  #define BundleDir RepoRoot + "\dist\stackscope"
#endif
#ifndef DistDir
  #define DistDir RepoRoot + "\dist"
#endif

[Setup]
; AppId identifies the app to Windows' uninstaller across versions: never change it.
AppId={{6F1B7C0E-3C2A-4E55-9B4D-5A7D1C2E8F31}
AppName=Stackscope
AppVersion={#AppVersion}
AppVerName=Stackscope {#AppVersion}
AppPublisher=Stackscope contributors
AppComments=See how a datacenter works, from electrons to AI agents
VersionInfoVersion={#AppVersionNumeric}
DefaultDirName={autopf}\Stackscope
DefaultGroupName=Stackscope
DisableProgramGroupPage=yes
; Installs for all users when run as administrator, else offers a per-user install.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir={#DistDir}
OutputBaseFilename=stackscope-{#AppVersion}-windows-x64-setup
SetupIconFile={#RepoRoot}\assets\icons\stackscope.ico
UninstallDisplayIcon={app}\stackscope.exe
UninstallDisplayName=Stackscope
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A previous version's files, so nothing stale is left beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Stackscope"; Filename: "{app}\stackscope.exe"; Comment: "See how a datacenter works"
Name: "{autodesktop}\Stackscope"; Filename: "{app}\stackscope.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\stackscope.exe"; Description: "{cm:LaunchProgram,Stackscope}"; Flags: nowait postinstall skipifsilent
