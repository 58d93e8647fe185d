# Files named by a single-file parameter (a catalog, a CRL, a certificate bundle, a baseline, its signature, a
# checksum manifest) are opened one guarded way: a named pipe, a device or a directory is refused before it is
# opened, with a stable error id. The pipe cases run in a child pwsh that is killed after a timeout, so a
# regression fails here instead of hanging the suite (opening a FIFO blocks until a writer appears).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $script:pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }
    $script:work = New-TestFolder
    $script:app = Join-Path $work 'app'
    New-Item -ItemType Directory -Path (Join-Path $app 'sub') | Out-Null
    Set-Content -LiteralPath (Join-Path $app 'a.txt') -Value 'a'
    Set-Content -LiteralPath (Join-Path $app 'sub/b.txt') -Value 'b'
    $script:baseline = Join-Path $work 'app.scbl'
    New-SoftwareBaseline -Path $app -OutFile $baseline | Out-Null
    $script:folderArgument = Join-Path $work 'a-folder'
    New-Item -ItemType Directory -Path $folderArgument | Out-Null

    # Runs each named command line in one child pwsh; returns, per case, the error id and message it stopped with
    # (or 'NoError'). A case that did not report within the timeout is missing from the result.
    function Invoke-CasesInChild([hashtable] $Cases, [int] $TimeoutSeconds = 90) {
        $lines = foreach ($name in $Cases.Keys) {
            "try { `$null = & { $($Cases[$name]) }; '$name|NoError|' } catch { '$name|' + `$_.FullyQualifiedErrorId.Split(',')[0] + '|' + `$_.Exception.Message }"
        }
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$(Get-ModuleUnderTest)'; Set-Location -LiteralPath '$work'`n" + ($lines -join "`n")
        $scriptFile = Join-Path $work ('cases-' + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -LiteralPath $scriptFile -Value $script
        $start = [Diagnostics.ProcessStartInfo]::new($pwsh)
        foreach ($a in @($pwshArgs) + @('-NoProfile', '-NonInteractive', '-File', $scriptFile)) { $start.ArgumentList.Add($a) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($start)
        $output = $process.StandardOutput.ReadToEndAsync()
        $null = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            $process.WaitForExit()
        }
        $results = @{}
        foreach ($line in ($output.Result -split "`r?`n")) {
            $parts = $line.Split('|', 3)
            if ($parts.Count -eq 3 -and $Cases.ContainsKey($parts[0])) { $results[$parts[0]] = [pscustomobject]@{ Id = $parts[1]; Message = $parts[2] } }
        }
        return $results
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A named pipe or a device given as a single input file' {
    BeforeAll {
        $script:onLinux = $IsLinux
        if ($onLinux) {
            mkfifo (Join-Path $work 'pipe')
            Copy-Item -LiteralPath $baseline -Destination (Join-Path $work 'piped-signature.scbl')
            mkfifo (Join-Path $work 'piped-signature.scbl.p7s')
            $cases = @{
                TestCatalogIntegrity     = 'Test-CatalogIntegrity ./pipe'
                CatalogFilePath          = 'Test-AuthenticodeChain -Path ./app/a.txt -CatalogFilePath ./pipe'
                TrustedRootCertificate   = 'Test-AuthenticodeChain -Path ./app/a.txt -TrustedRootCertificate ./pipe'
                CrlPath                  = 'Test-AuthenticodeChain -Path ./app/a.txt -CrlPath ./pipe'
                CatalogCrlPath           = 'Test-CatalogIntegrity ./app.scbl -CrlPath ./pipe'
                ReferenceBaseline        = 'Compare-SoftwareBaseline -ReferenceBaseline ./pipe'
                DifferenceBaseline       = 'Compare-SoftwareBaseline -ReferenceBaseline ./app.scbl -DifferenceBaseline ./pipe'
                UpdateReferenceBaseline  = 'Update-SoftwareBaseline -ReferenceBaseline ./pipe -OutFile ./updated.scbl -Path ./app'
                BaselineSignature        = 'Compare-SoftwareBaseline -ReferenceBaseline ./piped-signature.scbl'
                ChecksumFile             = 'Test-FileIntegrity -ChecksumFile ./pipe'
                RootFromUrandom          = 'Test-AuthenticodeChain -Path ./app/a.txt -TrustedRootCertificate /dev/urandom'
                CrlFromZero              = 'Test-AuthenticodeChain -Path ./app/a.txt -CrlPath /dev/zero'
            }
            $script:results = Invoke-CasesInChild $cases
        }
    }

    It '<Parameter> returns promptly with <Id>' -ForEach @(
        @{ Parameter = 'TestCatalogIntegrity'; Id = 'NotARegularFile'; Says = 'named pipe' }
        @{ Parameter = 'CatalogFilePath'; Id = 'NotARegularFile'; Says = 'named pipe' }
        @{ Parameter = 'TrustedRootCertificate'; Id = 'NotARegularFile'; Says = 'named pipe' }
        @{ Parameter = 'CrlPath'; Id = 'NotARegularFile'; Says = 'named pipe' }
        @{ Parameter = 'CatalogCrlPath'; Id = 'NotARegularFile'; Says = 'named pipe' }
        @{ Parameter = 'ReferenceBaseline'; Id = 'NotARegularFile'; Says = 'named pipe' }
        @{ Parameter = 'DifferenceBaseline'; Id = 'NotARegularFile'; Says = 'named pipe' }
        @{ Parameter = 'UpdateReferenceBaseline'; Id = 'NotARegularFile'; Says = 'named pipe' }
        @{ Parameter = 'BaselineSignature'; Id = 'BaselineSignatureInvalid'; Says = 'named pipe' }
        @{ Parameter = 'ChecksumFile'; Id = 'NotARegularFile'; Says = 'named pipe' }
        @{ Parameter = 'RootFromUrandom'; Id = 'NotARegularFile'; Says = 'character device' }
        @{ Parameter = 'CrlFromZero'; Id = 'NotARegularFile'; Says = 'character device' }
    ) {
        if (-not $onLinux) { Set-ItResult -Skipped -Because 'named pipes are made with mkfifo and /dev/urandom exists on Linux'; return }
        $results.ContainsKey($Parameter) | Should -BeTrue -Because 'the command must return instead of blocking on the pipe or reading the device forever'
        $results[$Parameter].Id | Should -Be $Id
        $results[$Parameter].Message | Should -BeLike "*$Says*"
    }
}

Describe 'A single input file larger than its kind can be' {
    It 'refuses a 65 MiB -TrustedRootCertificate with InputFileTooLarge, without reading it' {
        $large = Join-Path $work 'large.pem'
        $stream = [IO.File]::Create($large)
        try { $stream.SetLength(65MB) } finally { $stream.Dispose() } # sparse: no disk or memory used
        $err = { Test-AuthenticodeChain -Path (Join-Path $app 'a.txt') -TrustedRootCertificate $large } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InputFileTooLarge,*'
        $err.Exception.Message | Should -BeLike '*more than the*a certificate file can be*'
    }
}

Describe 'Messages that name what is wrong' {
    It 'a directory as -CatalogFilePath is NotARegularFile and says it is a directory, not that it does not exist' {
        $err = { Test-CatalogIntegrity -CatalogFilePath $folderArgument } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NotARegularFile,*'
        $err.Exception.Message | Should -BeLike '*is a directory*'
        $err.Exception.Message | Should -Not -BeLike '*does not exist*'
    }

    It 'a directory as -ReferenceBaseline is NotARegularFile, not "Access is denied"' {
        $err = { Compare-SoftwareBaseline -ReferenceBaseline $folderArgument } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NotARegularFile,*'
        $err.Exception.Message | Should -BeLike '*is a directory*'
        $err.Exception.Message | Should -Not -BeLike '*denied*'
    }

    It 'Update-SoftwareBaseline reports a directory as -ReferenceBaseline with a module id, not System.UnauthorizedAccessException' {
        $err = { Update-SoftwareBaseline -ReferenceBaseline $folderArgument -OutFile (Join-Path $work 'out.scbl') -Path $app } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NotARegularFile,*'
        $err.FullyQualifiedErrorId | Should -Not -BeLike 'System.*'
    }

    It 'Update-SoftwareBaseline -Path to a folder that does not exist says so (PathNotFound), not that it is not below a root' {
        $missing = Join-Path $app 'nope'
        $err = $null
        try { Update-SoftwareBaseline -ReferenceBaseline $baseline -OutFile (Join-Path $work 'out.scbl') -Path $missing -ErrorVariable nonTerminating -ErrorAction SilentlyContinue } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $nonTerminating[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $nonTerminating[0].Exception.Message | Should -BeLike "*'$missing' does not exist*"
        $err.FullyQualifiedErrorId | Should -BeLike 'NothingToAccept,*'
        $err.Exception.Message | Should -Not -BeLike '*below a root*'
        Test-Path -LiteralPath (Join-Path $work 'out.scbl') | Should -BeFalse
    }

    It 'a symbolic-link loop met while recursing is SymbolicLinkLoop, not a link to something that does not exist' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'symbolic links need privileges on Windows'; return }
        $tree = Join-Path $work 'looped'
        New-Item -ItemType Directory -Path $tree | Out-Null
        Set-Content -LiteralPath (Join-Path $tree 'file.txt') -Value 'x'
        New-Item -ItemType SymbolicLink -Path (Join-Path $tree 'loopA') -Target 'loopB' | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $tree 'loopB') -Target 'loopA' | Out-Null
        $results = Get-FileIntegrity -Path $tree -Recurse -ErrorVariable walkErrors -ErrorAction SilentlyContinue
        $results.Path | Should -Be @((Join-Path $tree 'file.txt'))
        $walkErrors.Count | Should -Be 2
        $walkErrors | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'SymbolicLinkLoop,*'
            $_.Exception.Message | Should -BeLike '*loop of links*'
            $_.Exception.Message | Should -Not -BeLike '*does not exist*'
        }
    }
}

Describe 'A single input file on another provider' {
    # Before one path resolver served every cmdlet, -ChecksumFile Env:PATH looked for a file named PATH in the
    # current folder, and the baseline cmdlets handed Env: paths to the file system unchecked.
    It '<Parameter> is NotFileSystemPath and names the provider' -ForEach @(
        @{ Parameter = 'ChecksumFile'; Command = { Test-FileIntegrity -ChecksumFile Env:PATH } }
        @{ Parameter = 'CrlPath'; Command = { Test-AuthenticodeChain -Path (Join-Path $app 'a.txt') -CrlPath Env:PATH } }
        @{ Parameter = 'ReferenceBaseline'; Command = { Compare-SoftwareBaseline -ReferenceBaseline Env:PATH } }
        @{ Parameter = 'OutFile'; Command = { New-SoftwareBaseline -Path $app -OutFile Env:PATH } }
    ) {
        $err = { & $Command } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NotFileSystemPath,*'
        $err.Exception.Message | Should -BeLike "'Env:PATH' is on the Environment provider;*"
    }
}
