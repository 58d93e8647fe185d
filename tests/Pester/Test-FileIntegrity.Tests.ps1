BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force

    # A writable copy of the checksum fixtures (they come from the shared research set; see ORIGIN.md).
    $script:work = New-TestFolder
    Copy-Item -Path (Join-Path (Get-FixturePath 'checksums') '*') -Destination $work -Recurse
    $script:zipHash = '38461A617820F05EC9B76F676DBEF07C8C43A107F225061C4D9F61EB5422221C'
}

AfterAll {
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-FileIntegrity' {
    Context '-ExpectedHash' {
        It 'reports Match with the algorithm inferred from the hash length' {
            $result = Test-FileIntegrity -LiteralPath (Join-Path $work 'tool-1.0.zip') -ExpectedHash $zipHash.ToLowerInvariant()
            $result.Status | Should -Be 'Match'
            $result.Algorithm | Should -Be 'SHA256'
            $result.Expected | Should -Be $zipHash
            $result.Actual | Should -Be $zipHash
        }

        It 'reports Mismatch for a different file' {
            $result = Test-FileIntegrity -Path (Join-Path $work 'tool-1.0.tar.gz') -ExpectedHash $zipHash
            $result.Status | Should -Be 'Mismatch'
            $result.Actual | Should -Not -Be $zipHash
        }

        It 'refuses a hash whose length does not fit -Algorithm' {
            { Test-FileIntegrity -Path (Join-Path $work 'tool-1.0.zip') -ExpectedHash $zipHash -Algorithm SHA512 } | Should -Throw -ErrorId 'InvalidExpectedHash,SupplyChainTools.Commands.TestFileIntegrityCommand'
        }

        It 'refuses a hash that is not hex' {
            { Test-FileIntegrity -Path (Join-Path $work 'tool-1.0.zip') -ExpectedHash 'not-a-hash' } | Should -Throw -ErrorId 'InvalidExpectedHash,SupplyChainTools.Commands.TestFileIntegrityCommand'
        }

        It '-Quiet returns one true for a match and one false for a mismatch' {
            Test-FileIntegrity -LiteralPath (Join-Path $work 'tool-1.0.zip') -ExpectedHash $zipHash -Quiet | Should -BeTrue
            $answer = Test-FileIntegrity -LiteralPath (Join-Path $work 'tool-1.0.tar.gz') -ExpectedHash $zipHash -Quiet
            $answer | Should -BeOfType [bool]
            $answer | Should -BeFalse
        }

        It '-Quiet is false when a path does not exist' {
            Test-FileIntegrity -LiteralPath (Join-Path $work 'absent.zip') -ExpectedHash $zipHash -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        }
    }

    Context '-ChecksumFile' {
        It 'checks a GNU manifest: text and binary markers, a sub-path, a space in a name, a missing file' {
            $results = Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS')
            $results.Count | Should -Be 5
            ($results | Where-Object Status -EQ 'Match').Count | Should -Be 4
            $missing = $results | Where-Object Status -EQ 'Missing'
            Split-Path -Leaf $missing.Path | Should -Be 'not-downloaded.msi'
            ($results | Where-Object { $_.Path -like '*with space.bin' }).Status | Should -Be 'Match'
            $results[0].LineNumber | Should -Be 1
            $results[0].ChecksumFile | Should -Be (Join-Path $work 'SHA256SUMS')
        }

        It 'checks a BSD manifest with mixed algorithms' {
            $results = Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS.bsd')
            $results.Status | Should -Be @('Match', 'Match', 'Match')
            $results.Algorithm | Should -Be @('SHA256', 'SHA256', 'SHA512')
        }

        It 'accepts CRLF line endings and upper-case hex' {
            (Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS.crlf')).Status | Should -Be @('Match', 'Match')
        }

        It 'checks a bare-hash sidecar against the file it is named after' {
            $result = Test-FileIntegrity -ChecksumFile (Join-Path $work 'tool-1.0.zip.sha256')
            $result.Status | Should -Be 'Match'
            Split-Path -Leaf $result.Path | Should -Be 'tool-1.0.zip'
        }

        It 'reports a tampered download as Mismatch' {
            (Test-FileIntegrity -ChecksumFile (Join-Path $work 'tampered/tool-1.0.zip.sha256')).Status | Should -Be 'Mismatch'
        }

        It 'refuses entries that leave the manifest''s folder, and never reads them' {
            $results = Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS.hostile') -ErrorVariable errors -ErrorAction SilentlyContinue
            $results | Should -BeNullOrEmpty
            $errors.Count | Should -Be 3
            $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'ChecksumEntryRefused,SupplyChainTools.Commands.TestFileIntegrityCommand' }
            $errors | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'SecurityError' }
            ($errors.Exception.Message -join "`n") | Should -Match 'Line 1:.*climbs out'
        }

        It 'names the line it cannot parse, and still checks the good lines' {
            $manifest = Join-Path $work 'partly-bad.sha256sums'
            Set-Content -LiteralPath $manifest -Value "$zipHash  tool-1.0.zip", 'this is not a checksum line'
            $results = Test-FileIntegrity -ChecksumFile $manifest -ErrorVariable errors -ErrorAction SilentlyContinue
            $results.Status | Should -Be 'Match'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'ChecksumLineInvalid,SupplyChainTools.Commands.TestFileIntegrityCommand'
            $errors[0].Exception.Message | Should -Match 'Line 2'
        }

        It 'reports UnsupportedAlgorithm for an algorithm it does not compute' {
            $manifest = Join-Path $work 'sha3.sums'
            Set-Content -LiteralPath $manifest -Value ('SHA3-256 (tool-1.0.zip) = ' + ('ab' * 32))
            (Test-FileIntegrity -ChecksumFile $manifest).Status | Should -Be 'UnsupportedAlgorithm'
        }

        It 'reads a manifest over 64 MiB to the end, in line order, with the real file first' {
            # A distribution's whole tree makes manifests this large; they used to be refused outright (ChecksumFileInvalid).
            # Long nested names that do not exist keep it to a few thousand lines.
            $folder = Join-Path $work 'large-manifest'
            New-Item -ItemType Directory -Path $folder | Out-Null
            Copy-Item -LiteralPath (Join-Path $work 'tool-1.0.zip') -Destination $folder
            $manifest = Join-Path $folder 'SHA256SUMS'
            $name = ((,('d' * 200)) * 19) -join '/'
            $writer = [IO.StreamWriter]::new($manifest, $false, [Text.UTF8Encoding]::new($false), 65536)
            $writer.Write("$zipHash  tool-1.0.zip`n")
            $lines = 1
            while ($writer.BaseStream.Length -le 65MB) { $writer.Write("$zipHash  missing/$lines/$name`n"); $lines++ }
            $writer.Dispose()
            (Get-Item -LiteralPath $manifest).Length | Should -BeGreaterThan 64MB

            $results = @(Test-FileIntegrity -ChecksumFile $manifest -ErrorVariable errors -ErrorAction SilentlyContinue)
            $errors | Should -BeNullOrEmpty
            $results.Count | Should -Be $lines
            $results[0].Status | Should -Be 'Match'
            @($results | Where-Object Status -ne 'Missing').Count | Should -Be 1
            $results[-1].LineNumber | Should -Be $lines
        }

        It 'writes ChecksumFileNotFound for a missing manifest' {
            { Test-FileIntegrity -ChecksumFile (Join-Path $work 'nope.sums') -ErrorAction Stop } | Should -Throw -ErrorId 'ChecksumFileNotFound,SupplyChainTools.Commands.TestFileIntegrityCommand'
        }

        It '-Quiet is true only when every entry matches' {
            Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS.bsd') -Quiet | Should -BeTrue
            Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS') -Quiet | Should -BeFalse
            Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS.hostile') -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        }
    }

    Context 'output' {
        It 'survives a remoting round trip with every value' {
            $original = Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS.bsd') | Select-Object -Last 1
            $copy = Invoke-Roundtrip $original
            $copy.PSObject.TypeNames[0] | Should -Be 'Deserialized.SupplyChainTools.FileIntegrityCheck'
            foreach ($name in 'Path', 'Algorithm', 'Expected', 'Actual', 'Status', 'Message', 'ChecksumFile', 'LineNumber') {
                $copy.$name | Should -Be $original.$name -Because $name
            }
            $copy.Status -eq 'Match' | Should -BeTrue
        }

        It 'shows folder, status, algorithm and name in the default table' {
            $text = Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS') | Format-Table | Out-String -Width 200
            $text | Should -Match ('Directory: ' + [regex]::Escape($work))
            $text | Should -Match 'Status\s+Algorithm\s+Name'
            $text | Should -Match 'Missing\s+SHA256'
        }
    }
}

Describe 'Test-FileIntegrity -BasePath' {
    It 'checks a manifest kept apart from the files it lists' {
        $elsewhere = New-TestFolder
        try {
            Copy-Item -LiteralPath (Join-Path $work 'SHA256SUMS.bsd') -Destination $elsewhere
            $results = Test-FileIntegrity -ChecksumFile (Join-Path $elsewhere 'SHA256SUMS.bsd') -BasePath $work
            $results.Status | Should -Be @('Match', 'Match', 'Match')
            $results[0].Path | Should -Be (Join-Path $work 'tool-1.0.zip')
        }
        finally {
            Remove-Item -LiteralPath $elsewhere -Recurse -Force
        }
    }

    It 'still refuses entries that climb out of -BasePath' {
        $results = Test-FileIntegrity -ChecksumFile (Join-Path $work 'SHA256SUMS.hostile') -BasePath $work -ErrorVariable errors -ErrorAction SilentlyContinue
        $results | Should -BeNullOrEmpty
        $errors.Count | Should -Be 3
    }
}

Describe 'Test-FileIntegrity and symbolic links' {
    It 'refuses an entry that leaves the folder through a symbolic link inside it' {
        if ($IsWindows) {
            Set-ItResult -Skipped -Because 'creating symbolic links on Windows needs an elevated or developer-mode session'
            return
        }

        $folder = New-TestFolder
        $outside = New-TestFolder
        try {
            Set-Content -LiteralPath (Join-Path $outside 'secret.txt') -Value 'secret' -NoNewline
            New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'etc') -Target $outside | Out-Null
            $hash = Get-Sha256Hex ([Text.Encoding]::UTF8.GetBytes('secret'))
            Set-Content -LiteralPath (Join-Path $folder 'SHA256SUMS') -Value "$hash  etc/secret.txt"
            $results = Test-FileIntegrity -ChecksumFile (Join-Path $folder 'SHA256SUMS') -ErrorVariable errors -ErrorAction SilentlyContinue
            $results | Should -BeNullOrEmpty -Because 'a guess-the-contents oracle on files outside the folder is what the check prevents'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'ChecksumEntryRefused,SupplyChainTools.Commands.TestFileIntegrityCommand'
            $errors[0].Exception.Message | Should -Match 'symbolic link'
        }
        finally {
            Remove-Item -LiteralPath $folder, $outside -Recurse -Force
        }
    }

    It 'explains that a directory needs -ChecksumFile, not -Recurse' {
        { Test-FileIntegrity -LiteralPath $work -ExpectedHash $zipHash -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-ChecksumFile*'
    }
}
