BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force

    $script:root = New-TestFolder
    Set-Content -LiteralPath (Join-Path $root 'alpha.txt') -Value 'alpha' -NoNewline
    Set-Content -LiteralPath (Join-Path $root 'beta.log') -Value 'beta' -NoNewline
    Set-Content -LiteralPath (Join-Path $root 'a[1].txt') -Value 'bracket' -NoNewline
    Set-Content -LiteralPath (Join-Path $root 'a1.txt') -Value 'one' -NoNewline
    New-Item -ItemType Directory -Path (Join-Path $root 'sub/deeper') -Force | Out-Null
    Set-Content -LiteralPath (Join-Path $root 'sub/gamma.txt') -Value 'gamma' -NoNewline
    Set-Content -LiteralPath (Join-Path $root 'sub/deeper/delta.bin') -Value 'delta' -NoNewline
    $script:big = Join-Path $root 'big.bin'
    $bytes = [byte[]]::new(3MB + 17)
    [System.Random]::new(42).NextBytes($bytes)
    [System.IO.File]::WriteAllBytes($big, $bytes)
}

AfterAll {
    Remove-Item -LiteralPath $script:root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-FileIntegrity' {
    Context 'hashes' {
        It 'matches Get-FileHash for SHA256 by default' {
            $result = Get-FileIntegrity -LiteralPath $big
            $result.SHA256 | Should -Be (Get-FileHash -LiteralPath $big -Algorithm SHA256).Hash
            $result.Length | Should -Be (3MB + 17)
            $result.Algorithms | Should -Be @('SHA256')
        }

        It 'computes every requested algorithm, each equal to Get-FileHash' {
            $result = Get-FileIntegrity -LiteralPath $big -Algorithm SHA256, SHA1, SHA384, SHA512, MD5
            foreach ($algorithm in 'SHA256', 'SHA1', 'SHA384', 'SHA512', 'MD5') {
                $result.$algorithm | Should -Be (Get-FileHash -LiteralPath $big -Algorithm $algorithm).Hash -Because $algorithm
            }
            $result.Algorithms | Should -Be @('SHA256', 'SHA1', 'SHA384', 'SHA512', 'MD5')
        }

        It 'reports LastWriteTimeUtc as UTC and the file''s time' {
            $result = Get-FileIntegrity -LiteralPath $big
            $result.LastWriteTimeUtc.Kind | Should -Be 'Utc'
            $result.LastWriteTimeUtc | Should -Be (Get-Item -LiteralPath $big).LastWriteTimeUtc
        }

        It 'rejects an unknown algorithm at binding' {
            { Get-FileIntegrity -LiteralPath $big -Algorithm SHA3 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SupplyChainTools.Commands.GetFileIntegrityCommand'
        }
    }

    Context 'paths' {
        It 'expands wildcards in -Path' {
            $names = (Get-FileIntegrity -Path (Join-Path $root '*.txt')).Path | Split-Path -Leaf
            $names | Should -Contain 'alpha.txt'
            $names | Should -Contain 'a1.txt'
            $names | Should -Not -Contain 'beta.log'
        }

        It 'reads a[1].txt literally with -LiteralPath' {
            $result = Get-FileIntegrity -LiteralPath (Join-Path $root 'a[1].txt')
            $result.Path | Should -Be (Join-Path $root 'a[1].txt')
            $result.SHA256 | Should -Be (Get-Sha256Hex ([Text.Encoding]::UTF8.GetBytes('bracket')))
        }

        It 'treats a[1].txt in -Path as a wildcard (matching a1.txt), as PowerShell does' {
            $result = Get-FileIntegrity -Path (Join-Path $root 'a[1].txt')
            Split-Path -Leaf $result.Path | Should -Be 'a1.txt'
        }

        It 'binds piped Get-ChildItem output literally, including names with brackets' {
            $results = Get-ChildItem -LiteralPath $root -File | Get-FileIntegrity
            ($results.Path | Split-Path -Leaf) | Should -Contain 'a[1].txt'
            $results.Count | Should -Be (Get-ChildItem -LiteralPath $root -File).Count
        }

        It 'binds piped strings to -Path' {
            $results = (Join-Path $root 'alpha.txt'), (Join-Path $root 'beta.log') | Get-FileIntegrity
            $results.Count | Should -Be 2
        }

        It 'writes PathNotFound for a missing path and carries on with the rest' {
            $results = Get-FileIntegrity -Path (Join-Path $root 'missing.txt'), (Join-Path $root 'alpha.txt') -ErrorVariable errors -ErrorAction SilentlyContinue
            @($results).Count | Should -Be 1
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,SupplyChainTools.Commands.GetFileIntegrityCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'writes PathNotFound for a missing -LiteralPath' {
            { Get-FileIntegrity -LiteralPath (Join-Path $root 'nope[1].txt') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,SupplyChainTools.Commands.GetFileIntegrityCommand'
        }

        It 'refuses a directory without -Recurse with a clear error' {
            { Get-FileIntegrity -LiteralPath $root -ErrorAction Stop } | Should -Throw -ErrorId 'DirectoryRequiresRecurse,SupplyChainTools.Commands.GetFileIntegrityCommand'
        }

        It 'refuses paths of other providers' {
            { Get-FileIntegrity -Path 'Env:PATH' -ErrorAction Stop } | Should -Throw -ErrorId 'NotFileSystemPath,SupplyChainTools.Commands.GetFileIntegrityCommand'
        }
    }

    Context 'recursion' {
        It 'walks a tree in a deterministic order' {
            $first = (Get-FileIntegrity -LiteralPath $root -Recurse).Path
            $second = (Get-FileIntegrity -LiteralPath $root -Recurse -ThrottleLimit 1).Path
            $first | Should -Be $second
            $first | Should -Contain (Join-Path $root 'sub/deeper/delta.bin')
            $first.Count | Should -Be 7
        }

        It 'filters by -Include and -Exclude on file names' {
            $included = Get-FileIntegrity -LiteralPath $root -Recurse -Include '*.txt'
            ($included.Path | Split-Path -Leaf | Sort-Object) | Should -Be (@('a1.txt', 'a[1].txt', 'alpha.txt', 'gamma.txt') | Sort-Object)
            $excluded = Get-FileIntegrity -LiteralPath $root -Recurse -Exclude '*.txt', '*.bin'
            ($excluded.Path | Split-Path -Leaf) | Should -Be @('beta.log')
        }

        It 'does not follow a directory symlink unless asked, and never walks a loop' {
            if ($IsWindows) {
                Set-ItResult -Skipped -Because 'creating symbolic links on Windows needs an elevated or developer-mode session'
                return
            }

            $tree = New-TestFolder
            try {
                New-Item -ItemType Directory -Path (Join-Path $tree 'real') | Out-Null
                Set-Content -LiteralPath (Join-Path $tree 'real/file.txt') -Value 'x'
                New-Item -ItemType SymbolicLink -Path (Join-Path $tree 'real/loop') -Target $tree | Out-Null
                New-Item -ItemType SymbolicLink -Path (Join-Path $tree 'link') -Target (Join-Path $tree 'real') | Out-Null

                @(Get-FileIntegrity -LiteralPath $tree -Recurse).Count | Should -Be 1
                $followed = Get-FileIntegrity -LiteralPath $tree -Recurse -FollowSymlink
                @($followed).Count | Should -Be 1 -Because 'the linked directory is the same directory, walked once'
            }
            finally {
                Remove-Item -LiteralPath $tree -Recurse -Force
            }
        }
    }

    Context 'failures' {
        It 'reports an unreadable file as one error with a stable id and goes on' {
            if ((-not $IsLinux)) {
                Set-ItResult -Skipped -Because '/proc/self/mem, which opens but cannot be read at offset 0, exists only on Linux'
                return
            }

            # /proc/self/mem opens but fails to read at offset 0 (EIO), even for root.
            $results = Get-FileIntegrity -LiteralPath '/proc/self/mem', (Join-Path $root 'alpha.txt') -ErrorVariable errors -ErrorAction SilentlyContinue
            @($results).Count | Should -Be 1
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'FileUnreadable,SupplyChainTools.Commands.GetFileIntegrityCommand'
            $errors[0].TargetObject | Should -Be '/proc/self/mem'
        }

        It 'reports a permission-denied file as FileAccessDenied' {
            if ($IsWindows) {
                Set-ItResult -Skipped -Because 'the test denies access with Unix file modes; Windows ACLs are not set up here'
                return
            }

            if ((id -u) -eq '0') {
                Set-ItResult -Skipped -Because 'root reads a file whatever its mode; /proc/self/mem covers the read-error path above'
                return
            }
            $locked = Join-Path $root 'locked.txt'
            Set-Content -LiteralPath $locked -Value 'secret'
            chmod 000 $locked
            try {
                { Get-FileIntegrity -LiteralPath $locked -ErrorAction Stop } | Should -Throw -ErrorId 'FileAccessDenied,SupplyChainTools.Commands.GetFileIntegrityCommand'
            }
            finally {
                chmod 600 $locked
                Remove-Item -LiteralPath $locked
            }
        }

        It 'refuses a named pipe instead of blocking on it' {
            if ((-not $IsLinux)) {
                Set-ItResult -Skipped -Because 'the named pipe is made with mkfifo on Linux'
                return
            }

            $fifo = Join-Path $root 'pipe'
            mkfifo $fifo
            try {
                { Get-FileIntegrity -LiteralPath $fifo -ErrorAction Stop } | Should -Throw -ErrorId 'NotARegularFile,SupplyChainTools.Commands.GetFileIntegrityCommand'
            }
            finally {
                Remove-Item -LiteralPath $fifo
            }
        }
    }

    Context 'special files in a walked folder' {
        It 'passes over a named pipe met while recursing, with a verbose note, not an error' {
            if ((-not $IsLinux)) {
                Set-ItResult -Skipped -Because 'the named pipe is made with mkfifo on Linux'
                return
            }

            $tree = New-TestFolder
            try {
                Set-Content -LiteralPath (Join-Path $tree 'file.txt') -Value 'x'
                mkfifo (Join-Path $tree 'pipe')
                $results = Get-FileIntegrity -LiteralPath $tree -Recurse -ErrorVariable errors -Verbose 4>&1
                $records = @($results | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
                $verbose = @($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
                $records.Count | Should -Be 1
                $errors.Count | Should -Be 0
                ($verbose.Message -join "`n") | Should -Match 'named pipe'
            }
            finally {
                Remove-Item -LiteralPath $tree -Recurse -Force
            }
        }
    }

    Context 'output' {
        It 'is a SupplyChainTools.FileIntegrity that survives a remoting round trip' {
            $original = Get-FileIntegrity -LiteralPath $big -Algorithm SHA256, SHA512
            $copy = Invoke-Roundtrip $original
            $copy.PSObject.TypeNames[0] | Should -Be 'Deserialized.SupplyChainTools.FileIntegrity'
            $copy.Path | Should -Be $original.Path
            $copy.Length | Should -Be $original.Length
            $copy.LastWriteTimeUtc | Should -Be $original.LastWriteTimeUtc
            $copy.SHA256 | Should -Be $original.SHA256
            $copy.SHA512 | Should -Be $original.SHA512
            @($copy.Algorithms) | Should -Be @('SHA256', 'SHA512')
        }

        It 'shows folder, algorithm, hash and name in the default table, also for deserialized copies' {
            $original = Get-FileIntegrity -LiteralPath (Join-Path $root 'alpha.txt')
            foreach ($item in $original, (Invoke-Roundtrip $original)) {
                $text = $item | Format-Table | Out-String -Width 250
                $text | Should -Match ('Directory: ' + [regex]::Escape($root))
                $text | Should -Match 'Algorithm: SHA256'
                $text | Should -Match 'Hash\s+Name'
                $text | Should -Match ($original.SHA256 + '\s+alpha\.txt')
            }
        }

        It 'converts to JSON with the hash properties' {
            $json = Get-FileIntegrity -LiteralPath (Join-Path $root 'alpha.txt') | ConvertTo-Json -Depth 5 | ConvertFrom-Json
            $json.SHA256 | Should -Be (Get-Sha256Hex ([Text.Encoding]::UTF8.GetBytes('alpha')))
        }
    }
}
