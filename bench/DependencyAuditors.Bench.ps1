<#
.SYNOPSIS
    Dependency auditors benchmark (issue 12, part B): the GitHub Actions, Dockerfile, shell and PowerShell auditors
    over a generated monorepo, beside grep with a regular expression for unpinned uses:, same run.
.DESCRIPTION
    Writes -Projects project folders, each with a workflow (12 steps: actions by tag and by SHA, run: steps), a
    Dockerfile (a tag and a digest, RUN lines with a download), a shell script and a PowerShell bootstrap script,
    then prints, warm, median of runs:
      - the auditors through Core, one file after another (findings per second, peak working set);
      - grep -rEn over the same workflows for 'uses: ...@<not a SHA>', the usual one-line check (it finds only
        the action refs: no images, run: steps, anchors, policy or line-accurate shell reading).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Projects = 2000,
    [int] $Runs = 3
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$root = Join-Path ([IO.Path]::GetTempPath()) ('sct-dep-bench-' + [Guid]::NewGuid().ToString('N'))
$sha = '07ebc4effb74c019b951f565ed708fc83b7536cc'
$digest = 'sha256:' + ('a' * 64)
$workflow = @"
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    container: node:20
    steps:
      - uses: actions/checkout@$sha # v4
      - uses: actions/setup-node@v4
      - uses: actions/cache@$sha
      - uses: example-org/tool@main
      - run: npm ci
      - run: |
          curl -fsSL https://example.invalid/install.sh -o install.sh
          echo "0000  install.sh" | sha256sum -c -
          bash install.sh
      - run: pip install --require-hashes -r requirements.txt
      - run: curl -s https://example.invalid/x.sh | bash
      - shell: pwsh
        run: Install-Module Pester -RequiredVersion 5.7.1 -Force
      - uses: docker://alpine@$digest
      - uses: docker://alpine:3.20
      - run: go install golang.org/x/tools/gopls@latest
"@
$dockerfile = "ARG BASE=mcr.microsoft.com/dotnet/sdk:8.0@$digest`nFROM `${BASE} AS build`nRUN dotnet restore --locked-mode`nFROM ubuntu:24.04`nRUN curl -fsSL https://example.invalid/get.sh | sh`n"
$script = "#!/usr/bin/env bash`nset -euo pipefail`nnpm install`nwget https://example.invalid/t.sh && bash t.sh`n"
$ps = "Install-Module Pester -Force`niex (iwr https://example.invalid/i.ps1).Content`nInvoke-WebRequest https://example.invalid/t.zip -OutFile t.zip`n"
foreach ($i in 1..$Projects) {
    $project = Join-Path $root "p$i"
    $null = New-Item -ItemType Directory -Path (Join-Path $project '.github/workflows') -Force
    Set-Content -LiteralPath (Join-Path $project '.github/workflows/ci.yml') -Value $workflow
    Set-Content -LiteralPath (Join-Path $project 'Dockerfile') -Value $dockerfile
    Set-Content -LiteralPath (Join-Path $project 'build.sh') -Value $script
    Set-Content -LiteralPath (Join-Path $project 'bootstrap.ps1') -Value $ps
}

$auditors = @(
    [SupplyChainTools.Core.Dependencies.GitHubActions.GitHubActionsAuditor]::new(),
    [SupplyChainTools.Core.Dependencies.Docker.DockerfileAuditor]::new(),
    [SupplyChainTools.Core.Dependencies.Shell.ShellScriptAuditor]::new(),
    [SupplyChainTools.Core.Dependencies.PowerShell.PowerShellAuditor]::new())
$options = [SupplyChainTools.Core.Dependencies.DependencyAuditOptions]::new()
$files = @(Get-ChildItem -LiteralPath $root -Recurse -File -Force | ForEach-Object {
    [SupplyChainTools.Core.Dependencies.DependencyFile]::new($_.FullName, $_.FullName.Substring($root.Length + 1))
})
$none = [System.Threading.CancellationToken]::None
function Invoke-Audit {
    $count = 0
    foreach ($file in $files) {
        foreach ($auditor in $auditors) {
            if ($auditor.Handles($file)) { $count += @($auditor.Audit($file, $options, $none)).Count }
        }
    }
    $count
}
function Measure-Median([scriptblock] $Action) {
    $times = foreach ($i in 1..$Runs) { [GC]::Collect(); (Measure-Command $Action).TotalSeconds }
    @($times | Sort-Object)[[int][Math]::Floor($Runs / 2)]
}
function Format-Row([string] $What, [double] $Seconds, [string] $Note = '') { '{0,-52} {1,8:N3} s  {2}' -f $What, $Seconds, $Note }

try {
    $findings = Invoke-Audit
    $ours = Measure-Median { $null = Invoke-Audit }
    $peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
    "{0} projects, {1} files, {2} cores; {3} findings per run" -f $Projects, $files.Count, [Environment]::ProcessorCount, $findings
    Format-Row 'auditors (workflows, Dockerfiles, shell, PowerShell)' $ours ('{0:N0} files/s, peak working set {1:N0} MB' -f ($files.Count / $ours), ($peak / 1MB))
    if (Get-Command grep -ErrorAction SilentlyContinue) {
        $hits = @(grep -rEn 'uses:[[:space:]]*[^.#[:space:]][^@]*@[^0-9a-f]' --include=*.yml $root).Count
        $peer = Measure-Median { $null = grep -rEn 'uses:[[:space:]]*[^.#[:space:]][^@]*@[^0-9a-f]' --include=*.yml $root }
        Format-Row 'peer: grep -rEn for uses: by tag (workflows only)' $peer ("$hits hits; ours {0:N1}x its time" -f ($ours / $peer))
    }
    else {
        'peer: grep is not installed here'
    }
}
finally {
    Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
}
