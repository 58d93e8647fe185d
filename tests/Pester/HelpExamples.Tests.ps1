# Keeps the cmdlets' help true: every example of module/en-US/SupplyChainTools.dll-Help.xml runs against the
# built module, in a scratch copy of tests/fixtures standing where its prompt says (PS /home/user/SupplyChainTools/...>),
# and prints what the help shows, compared as the README's examples are. An example that cannot run here is
# a reported skip with its reason.
BeforeDiscovery {
    # Scripts for a scheduler, the signing example and the one on PowerShell's own modules run in HelpScriptExamples.Tests.ps1.
    $runAsScript = 'Test-FileIntegrity 4', 'Test-AuthenticodeChain 2', 'Test-CatalogIntegrity 2', 'New-SoftwareBaseline 2', 'Compare-SoftwareBaseline 2', 'Test-AuthenticodeChain 8', 'Test-FileIntegrity 7'
    # Examples that need what a test machine does not have, and why.
    $cannotRun = @{
        'Get-FileIntegrity 5'        = 'it needs remote hosts (web01..web03)'
        'Test-FileIntegrity 6'       = 'it needs remote Windows hosts (web01, web02)'
        'Test-AuthenticodeChain 3'   = 'it needs a Windows file share and an enterprise root'
        'Test-AuthenticodeChain 6'   = 'it needs a Windows install folder'
        'Test-AuthenticodeChain 7'   = 'it needs remote Windows hosts (web01, web02)'
        'Test-AuthenticodeChain 9'   = 'it needs a Windows module folder with its catalog'
        'Test-CatalogIntegrity 3'    = 'it needs a Windows module folder'
        'Test-CatalogIntegrity 4'    = 'it needs a Windows file share'
        'Test-CatalogIntegrity 6'    = 'it needs remote hosts (web01, web02)'
        'Compare-SoftwareBaseline 3' = 'it needs baselines recorded on two machines'
        'Update-SoftwareBaseline 2'  = 'it needs a Windows folder and a code-signing certificate'
        'Test-PackageSignature 6'    = 'its output depends on the packages this machine has restored (the xunit tests verify the restore cache)'
        'ConvertTo-SarifLog 3'       = 'it is a step of a GitHub Actions workflow'
        'Test-DependencyPinning 4'   = 'it needs a repository with GitHub workflows (./repo)'
        'Test-DetachedSignature 3'   = 'it needs a vendor download and its OpenPGP keys'
        'Get-SoftwareInventory 5'    = 'it checks the live /usr, whose state a test cannot know (bench/Inventory.Bench.ps1 runs it beside debsums)'
        'ConvertTo-SoftwareBom 4'    = 'it needs remote hosts (web01, web02)'
        'Test-SbomManifest 3'        = 'it needs PowerShell 7 installed from its MSI, zip or tar.gz package'
    }

    function Split-HelpExample([string] $Code) {
        # A line 'PS <folder>> command' starts a command; it goes on while a line ends with | , { ( or a
        # backtick, or braces are open. Every other line is output the help shows.
        $commands = [System.Collections.Generic.List[string]]::new()
        $shown = [System.Collections.Generic.List[string]]::new()
        $location = $null
        $current = $null
        foreach ($line in $Code -split "`r?`n") {
            if ($null -ne $current) {
                $open = ([regex]::Matches($current, '\{')).Count - ([regex]::Matches($current, '\}')).Count
                if ($current -match '[|,{(`]\s*$' -or $open -gt 0) { $current += "`n" + $line; continue }
                $commands.Add($current)
                $current = $null
            }
            if ($line -match '^PS (?<folder>[^>]*)> (?<command>.*)$') {
                $location = $Matches.folder
                $current = $Matches.command
                continue
            }
            $shown.Add($line)
        }
        if ($null -ne $current) { $commands.Add($current) }
        return @{ Commands = @($commands); Shown = ($shown -join "`n"); Location = $location }
    }

    $helpFile = Join-Path (Split-Path -Parent $env:SUPPLYCHAINTOOLS_MODULE) 'en-US/SupplyChainTools.dll-Help.xml'
    $text = Get-Content -LiteralPath $helpFile -Raw
    $script:helpExamples = @(foreach ($command in [regex]::Matches($text, '(?s)<command:name>(?<name>.*?)</command:name>(?<body>.*?)</command:command>')) {
        $number = 0
        foreach ($example in [regex]::Matches($command.Groups['body'].Value, '(?s)<command:example>.*?<maml:title>(?<title>.*?)</maml:title>.*?<dev:code>(?<code>.*?)</dev:code>')) {
            $number++
            $key = "$($command.Groups['name'].Value) $number"
            $parts = Split-HelpExample ([System.Net.WebUtility]::HtmlDecode($example.Groups['code'].Value))
            $parts + @{ Key = $key; Title = ($example.Groups['title'].Value -replace '^-+\s*|\s*-+$', ''); Skip = $cannotRun[$key] }
        }
    })
    $script:helpRunnable = @($helpExamples | Where-Object { -not $_.Skip -and $_.Key -notin $runAsScript })
    $script:helpSkipped = @($helpExamples | Where-Object Skip)
    $script:helpUnknownSkips = @($cannotRun.Keys | Where-Object { $_ -notin $helpExamples.Key })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force

    function New-ExampleRoot {
        # A scratch copy of the repository's fixtures, so examples that write files leave the repository alone.
        $root = New-TestFolder
        $null = New-Item -ItemType Directory -Path (Join-Path $root 'tests')
        Copy-Item -LiteralPath $env:SUPPLYCHAINTOOLS_FIXTURES -Destination (Join-Path $root 'tests/fixtures') -Recurse
        return $root
    }

    function Invoke-HelpExample($Example, [string] $Root) {
        $Example.Location | Should -BeLike '/home/user/SupplyChainTools*' -Because 'an example runs in the repository, where its fixtures are'
        $location = $Root + $Example.Location.Substring('/home/user/SupplyChainTools'.Length)
        return Invoke-DocumentedCode -Command $Example.Commands -Root $Root -Location $location
    }
}

Describe 'Help examples' {
    It 'finds the examples of every cmdlet' {
        $helpExamples.Count | Should -BeGreaterOrEqual 30
        $helpRunnable.Count | Should -BeGreaterOrEqual 12
        $helpUnknownSkips | Should -BeNullOrEmpty -Because 'every example the test cannot run exists'
    }

    It 'shows, for every cmdlet, at least one example with its output' {
        foreach ($cmdlet in ($helpExamples | ForEach-Object { ($_.Key -split ' ')[0] } | Sort-Object -Unique)) {
            @($helpRunnable | Where-Object { $_.Key -like "$cmdlet *" -and $_.Shown.Trim() }).Count | Should -BeGreaterThan 0 -Because "$cmdlet needs an example that shows what it prints"
        }
    }

    It '<Key>: <Title>' -ForEach $helpRunnable {
        $Commands.Count | Should -BeGreaterThan 0 -Because 'a runnable example shows its commands after a PS /home/user/SupplyChainTools/...> prompt'
        $root = New-ExampleRoot
        try {
            $printed = Invoke-HelpExample $_ $root
            if ($Shown.Trim()) {
                Assert-DocumentedOutput -Actual $printed -Expected $Shown
            }
        }
        finally {
            Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    It '<Key>: <Title> (cannot run here: <Skip>)' -ForEach $helpSkipped {
        Set-ItResult -Skipped -Because $Skip
    }

    It 'Get-FileIntegrity Example 4 run twice writes a manifest that lists every file once and never itself' {
        $example = $helpRunnable | Where-Object Key -EQ 'Get-FileIntegrity 4'
        $root = New-ExampleRoot
        try {
            $null = Invoke-HelpExample $example $root
            $null = Invoke-HelpExample $example $root
            $folder = $root + $example.Location.Substring('/home/user/SupplyChainTools'.Length)
            $manifest = Join-Path $folder 'SHA256SUMS'
            $listed = @(Get-Content -LiteralPath $manifest | ForEach-Object { ($_ -split '  ', 2)[1] })
            $listed | Should -Not -Contain 'SHA256SUMS'
            $listed | Should -Be @(Get-ChildItem -LiteralPath $folder -File -Exclude SHA256SUMS | Sort-Object Name | ForEach-Object Name)
            @(Test-FileIntegrity -ChecksumFile $manifest | Where-Object Status -NE 'Match') | Should -BeNullOrEmpty
        }
        finally {
            Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
