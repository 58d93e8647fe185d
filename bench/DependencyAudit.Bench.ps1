<#
.SYNOPSIS
    Dependency audit benchmark: a generated monorepo of -Projects NuGet projects audited by Test-DependencyPinning and
    Test-DependencySource, time and peak memory at half and full size, beside lockfile-lint on the same npm lock files.
.DESCRIPTION
    The generated tree: a nuget.config and a Directory.Build.props at the root; per project a .csproj with five
    PackageReferences (exact, minimum, floating, range) and its packages.lock.json; every fifth project also a
    package.json and a 20-entry package-lock.json; every tenth a requirements.txt; and a node_modules folder of
    1,000 packages at the root that the audit must not walk. Each figure comes from a fresh pwsh: wall time of
    the whole audit, the CPU time it used (the steadier figure on a shared machine) and the process's peak working
    set (target: seconds for 10,000 projects, memory flat between half and full size). The load average is printed
    with the figures.
    Peer: lockfile-lint (npm's lock file linter, when on PATH: npm install -g lockfile-lint) over 100 of the npm lock
    files in one process with a glob, beside ours on the same files; it checks only npm lock files.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Projects = 10000
)

$ErrorActionPreference = 'Stop'
$module = (Resolve-Path -LiteralPath $ModulePath).Path
$pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }
function Invoke-Fresh([string] $Script) {
    $output = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command $Script
    if ($LASTEXITCODE -ne 0) { throw "The measuring pwsh failed: $output" }
    $output | Select-Object -Last 1 | ConvertFrom-Json
}
function Format-Row([string] $What, [string] $Figure, [string] $Note = '') { '{0,-58} {1,22}  {2}' -f $What, $Figure, $Note }

function New-Monorepo([string] $Root, [int] $Count) {
    New-Item -ItemType Directory -Path $Root | Out-Null
    [IO.File]::WriteAllText((Join-Path $Root 'nuget.config'), '<configuration><packageSources><clear /><add key="internal" value="https://pkgs.example.invalid/v3/index.json" /></packageSources><config><add key="signatureValidationMode" value="require" /></config></configuration>')
    [IO.File]::WriteAllText((Join-Path $Root 'Directory.Build.props'), '<Project><PropertyGroup><RestorePackagesWithLockFile>true</RestorePackagesWithLockFile></PropertyGroup></Project>')
    $hash = [Convert]::ToBase64String([byte[]]::new(64))
    $versions = @('[1.2.3]', '4.0.0', '2.*', '[1.0,2.0)', '[6.1.0]')
    for ($i = 0; $i -lt $Count; $i++) {
        $folder = Join-Path $Root "src/P$i"
        [IO.Directory]::CreateDirectory($folder) | Out-Null
        $refs = for ($j = 0; $j -lt 5; $j++) { "    <PackageReference Include=`"Contoso.Lib$j`" Version=`"$($versions[$j])`" />" }
        [IO.File]::WriteAllText((Join-Path $folder "P$i.csproj"), "<Project Sdk=`"Microsoft.NET.Sdk`">`n  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>`n  <ItemGroup>`n$($refs -join "`n")`n  </ItemGroup>`n</Project>`n")
        $entries = for ($j = 0; $j -lt 5; $j++) {
            $requested = switch ($j) { 0 { '[1.2.3, 1.2.3]' } 1 { '[4.0.0, )' } 2 { '[2.*, )' } 3 { '[1.0.0, 2.0.0)' } 4 { '[6.1.0, 6.1.0]' } }
            "      `"Contoso.Lib$j`": { `"type`": `"Direct`", `"requested`": `"$requested`", `"resolved`": `"1.0.$j`", `"contentHash`": `"$hash`" }"
        }
        [IO.File]::WriteAllText((Join-Path $folder 'packages.lock.json'), "{`n  `"version`": 1,`n  `"dependencies`": {`n    `"net8.0`": {`n$($entries -join ",`n")`n    }`n  }`n}`n")
        if ($i % 5 -eq 0) {
            $web = Join-Path $folder 'web'
            [IO.Directory]::CreateDirectory($web) | Out-Null
            [IO.File]::WriteAllText((Join-Path $web 'package.json'), '{ "dependencies": { "left": "^1.0.0", "right": "1.2.3", "tagged": "latest" } }')
            $packages = for ($j = 0; $j -lt 20; $j++) {
                "    `"node_modules/pkg$j`": { `"version`": `"1.0.$j`", `"resolved`": `"https://registry.npmjs.org/pkg$j/-/pkg$j-1.0.$j.tgz`", `"integrity`": `"sha512-$hash`" }"
            }
            [IO.File]::WriteAllText((Join-Path $web 'package-lock.json'), "{`n  `"lockfileVersion`": 3,`n  `"packages`": {`n    `"`": { `"name`": `"web$i`" },`n$($packages -join ",`n")`n  }`n}`n")
        }
        if ($i % 10 -eq 0) {
            [IO.File]::WriteAllText((Join-Path $folder 'requirements.txt'), "requests==2.31.0`nurllib3>=1.26`nidna~=3.4`ncertifi`n")
        }
    }
    for ($i = 0; $i -lt 1000; $i++) {
        $installed = Join-Path $Root "node_modules/dep$i"
        [IO.Directory]::CreateDirectory($installed) | Out-Null
        [IO.File]::WriteAllText((Join-Path $installed 'package.json'), '{ "dependencies": { "x": "^1.0.0" } }')
    }
}

$work = Join-Path ([IO.Path]::GetTempPath()) ('sct-deps-bench-' + [guid]::NewGuid().ToString('N'))
try {
    $half = [int][Math]::Floor($Projects / 2)
    $sizes = [ordered]@{ half = $half; full = $Projects }
    foreach ($size in $sizes.Keys) { New-Monorepo -Root (Join-Path $work $size) -Count $sizes[$size] }
    "Load average: $((Get-Content -LiteralPath /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"
    "Generated monorepos of $half and $Projects NuGet projects (plus npm and Python files, and 1,000 packages in node_modules) under $work"
    foreach ($cmdlet in 'Test-DependencyPinning', 'Test-DependencySource') {
        foreach ($size in $sizes.Keys) {
            $root = Join-Path $work $size
            $figures = Invoke-Fresh @"
Import-Module '$module'
`$count = 0
`$cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
`$elapsed = Measure-Command { $cmdlet -LiteralPath '$root' | ForEach-Object { `$count++ } }
`$cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - `$cpu
@{ Seconds = `$elapsed.TotalSeconds; Cpu = `$cpu.TotalSeconds; Findings = `$count; PeakMB = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB } | ConvertTo-Json -Compress
"@
            Format-Row "$cmdlet, $($sizes[$size]) projects" ('{0,6:N2} s, {1,5:N0} MB peak' -f $figures.Seconds, $figures.PeakMB) ('{0:N0} findings; {1:N2} s of CPU' -f $figures.Findings, $figures.Cpu)
        }
    }
    ''

    # The peer is slow (about a quarter of a CPU second per lock file), so both run on the same 100 npm lock files.
    $sample = Join-Path $work 'npm-sample'
    $locks = @(Get-ChildItem -LiteralPath (Join-Path $work 'full/src') -Recurse -Filter package-lock.json | Select-Object -First 100)
    foreach ($lock in $locks) {
        $target = Join-Path $sample $lock.Directory.Parent.Name
        New-Item -ItemType Directory -Path $target -Force | Out-Null
        Copy-Item -LiteralPath $lock.FullName -Destination $target
    }
    $ours = Invoke-Fresh @"
Import-Module '$module'
`$cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
`$elapsed = Measure-Command { `$null = Test-DependencyPinning -LiteralPath '$sample' }
@{ Seconds = `$elapsed.TotalSeconds; Cpu = ([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - `$cpu).TotalSeconds } | ConvertTo-Json -Compress
"@
    Format-Row "ours, $($locks.Count) npm lock files (20 entries each)" ('{0,6:N2} s' -f $ours.Seconds) ('{0:N2} s of CPU' -f $ours.Cpu)
    if (Get-Command lockfile-lint -ErrorAction SilentlyContinue) {
        $before = [Diagnostics.Process]::GetCurrentProcess()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Push-Location -LiteralPath $sample
        try { $null = & lockfile-lint --path '*/package-lock.json' --type npm --allowed-hosts npm --validate-https --validate-integrity --validate-package-names 2>&1 }
        finally { Pop-Location }
        $watch.Stop()
        Format-Row "lockfile-lint, the same files (one process, glob)" ('{0,6:N2} s' -f $watch.Elapsed.TotalSeconds) ('exit {0}; {1:N0}x our time' -f $LASTEXITCODE, ($watch.Elapsed.TotalSeconds / $ours.Seconds))
    }
    else {
        'lockfile-lint: not on PATH (npm install -g lockfile-lint); peer figure skipped'
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
