# The change test (every change kind an attacker or an update makes) on a copy of a Microsoft-signed install (the .NET runtime folder), plus the
# baseline file's integrity and signing, baseline-vs-baseline comparison, updates and robustness cases.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force

    function Get-BaselineLines([string] $Path) {
        # Entry lines as objects (the test reads the documented format directly).
        Get-Content -LiteralPath $Path | Select-Object -Skip 1 | Where-Object { $_ -notlike '{"trailer":*' } | ForEach-Object { $_ | ConvertFrom-Json }
    }

    function Set-Trailer([string] $Path) {
        # Recompute the trailer after a hand edit, as a tamperer who knows the format would.
        $lines = [System.IO.File]::ReadAllLines($Path)
        $body = $lines[0..($lines.Count - 2)]
        $text = ($body -join "`n") + "`n"
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($text)
        $sha = [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes))
        $trailer = '{"trailer":true,"entries":' + ($body.Count - 1) + ',"sha256":"' + $sha + '"}' + "`n"
        [System.IO.File]::WriteAllText($Path, $text + $trailer, [System.Text.UTF8Encoding]::new($false))
    }

    function Remove-AuthenticodeSignature([string] $Path) {
        # Zero the certificate table entry and cut the table off: the file is then an unsigned PE.
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        $pe = [BitConverter]::ToInt32($bytes, 0x3C)
        $magic = [BitConverter]::ToUInt16($bytes, $pe + 24)
        $entry = $pe + 24 + $(if ($magic -eq 0x20b) { 144 } else { 128 })
        $offset = [BitConverter]::ToInt32($bytes, $entry)
        for ($i = 0; $i -lt 8; $i++) { $bytes[$entry + $i] = 0 }
        [System.IO.File]::WriteAllBytes($Path, $bytes[0..($offset - 1)])
    }

    function New-TestSigningCertificate([string] $Subject) {
        $key = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new("CN=$Subject", $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $eku = [System.Security.Cryptography.OidCollection]::new()
        $null = $eku.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.3'))
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($eku, $false))
        $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddYears(1))
        # Through PFX so the key is usable by SignedCms on every platform.
        $pfx = $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, 'test')
        return [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($pfx, 'test', [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable)
    }

    function Get-Findings($Changes) {
        @($Changes | ForEach-Object { "$($_.RelativePath)=$($_.Change)" } | Sort-Object)
    }

    $script:root = New-TestFolder
    $script:tree = Join-Path $root 'runtime'
    Copy-Item -LiteralPath (Split-Path ([object].Assembly.Location)) -Destination $tree -Recurse
    $script:reference = Join-Path $root 'reference.scbl'
    $script:created = New-SoftwareBaseline -LiteralPath $tree -OutFile $reference

    # Pick distinct, validly signed DLLs of one signer and one version from the baseline itself.
    $signed = @(Get-BaselineLines $reference | Where-Object { $_.type -eq 'file' -and $_.sigStatus -eq 'Valid' -and $_.path -like '*.dll' -and $_.size -gt 100KB -and $_.path -notlike '*/*' })
    $group = $signed | Group-Object { "$($_.signerThumbprint)|$($_.fileVersionNumber)" } | Sort-Object Count -Descending | Select-Object -First 1
    $pick = @($group.Group | Sort-Object path)
    if ($pick.Count -lt 8) { throw "The runtime folder has too few signed DLLs of one signer and version ($($pick.Count))." }
    $script:names = @{
        Flip = $pick[0].path; Delete = $pick[1].path; Rename = $pick[2].path; Chmod = $pick[3].path
        Strip = $pick[4].path; SameSigner = $pick[5].path; SameSignerSource = $pick[6].path; OtherSigner = $pick[7].path
    }
    $script:expected = @(
        "$($names.Flip)=SignatureBroken"
        "zz-unsigned-added.dll=UnsignedAdded"
        "$($names.Delete)=Removed"
        "$($names.Rename).renamed=Moved"
        "$($names.Chmod)=BecameExecutable"
        "$($names.Strip)=SignatureRemoved"
        "$($names.SameSigner)=UpdatedSameSigner"
        "$($names.OtherSigner)=SignerChanged"
    ) | Sort-Object

    function Invoke-ChangeTest([string] $Tree) {
        $flip = Join-Path $Tree $names.Flip
        $mtime = [System.IO.File]::GetLastWriteTimeUtc($flip)
        $stream = [System.IO.File]::Open($flip, 'Open', 'ReadWrite')
        try {
            $stream.Position = [int]($stream.Length / 2)
            $b = $stream.ReadByte(); $stream.Position--; $stream.WriteByte($b -bxor 0xFF)
        } finally { $stream.Dispose() }
        [System.IO.File]::SetLastWriteTimeUtc($flip, $mtime)

        Copy-Item -LiteralPath (Get-FixturePath 'authenticode/pe/unsigned.exe') -Destination (Join-Path $Tree 'zz-unsigned-added.dll')
        Remove-Item -LiteralPath (Join-Path $Tree $names.Delete)
        Move-Item -LiteralPath (Join-Path $Tree $names.Rename) -Destination (Join-Path $Tree "$($names.Rename).renamed")
        $chmod = Join-Path $Tree $names.Chmod
        [System.IO.File]::SetUnixFileMode($chmod, [System.IO.File]::GetUnixFileMode($chmod) -bor [System.IO.UnixFileMode]'UserExecute, GroupExecute, OtherExecute')
        Remove-AuthenticodeSignature (Join-Path $Tree $names.Strip)
        Copy-Item -LiteralPath (Join-Path $Tree $names.SameSignerSource) -Destination (Join-Path $Tree $names.SameSigner) -Force
        Copy-Item -LiteralPath (Get-FixturePath 'authenticode/pe/signed.exe') -Destination (Join-Path $Tree $names.OtherSigner) -Force
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'New-SoftwareBaseline' {
    It 'returns a summary of what it recorded' {
        $created.PSObject.TypeNames[0] | Should -Be 'SupplyChainTools.BaselineSummary'
        $created.Path | Should -Be $reference
        $created.Files | Should -Be @(Get-ChildItem -LiteralPath $tree -Recurse -File -Force).Count
        $created.BytesHashed | Should -Be ((Get-ChildItem -LiteralPath $tree -Recurse -File -Force | Measure-Object Length -Sum).Sum)
        $created.SignedValid | Should -BeGreaterThan 100
        $created.SignatureStatuses | Should -Contain "Valid=$($created.SignedValid)"
        $created.Digest | Should -Be (Get-FileHash -LiteralPath $reference -Algorithm SHA256).Hash
        $created.Errors | Should -Be 0
    }

    It 'writes a header, entries sorted with / separators and a self-hashing trailer' {
        $lines = [System.IO.File]::ReadAllLines($reference)
        ($lines[0] | ConvertFrom-Json).schemaVersion | Should -Be 2
        ($lines[0] | ConvertFrom-Json).signerIdentity | Should -Be 'Publisher'
        ($lines[0] | ConvertFrom-Json).roots | Should -Be @($tree)
        $trailer = $lines[-1] | ConvertFrom-Json
        $trailer.entries | Should -Be ($lines.Count - 2)
        $body = [System.Text.Encoding]::UTF8.GetBytes((($lines[0..($lines.Count - 2)]) -join "`n") + "`n")
        $trailer.sha256 | Should -Be (Get-Sha256Hex $body)
        $entry = Get-BaselineLines $reference | Where-Object path -eq $names.Flip
        $entry.sigStatus | Should -Be 'Valid'
        $entry.signerThumbprint | Should -Match '^[0-9A-F]{40}$'
        $entry.fileVersionNumber | Should -Match '^\d+\.\d+\.\d+\.\d+$'
        $entry.companyName | Should -Be 'Microsoft Corporation'
    }

    It '-WhatIf writes nothing and says what it would do' {
        # In a child pwsh: the host prints the What if: line, which would otherwise land in the test output.
        $target = Join-Path $root 'whatif.scbl'
        $run = Invoke-ChildPwsh "Import-Module '$(Get-ModuleUnderTest)'; `$r = @(New-SoftwareBaseline -LiteralPath '$tree' -OutFile '$target' -WhatIf); 'output objects: ' + `$r.Count"
        $run.Output | Should -Match 'output objects: 0'
        $run.Output | Should -Match ('What if: .*' + [regex]::Escape($target))
        Test-Path -LiteralPath $target | Should -BeFalse
    }

    It 'refuses to overwrite without -Force' {
        { New-SoftwareBaseline -LiteralPath $tree -OutFile $reference -ErrorAction Stop } | Should -Throw -ErrorId 'BaselineExists,SupplyChainTools.Commands.NewSoftwareBaselineCommand'
    }

    It '-Include limits the files recorded' {
        $target = Join-Path $root 'include.scbl'
        $result = New-SoftwareBaseline -LiteralPath $tree -OutFile $target -Include '*.so' -Algorithm SHA256, SHA512
        $result.Files | Should -Be @(Get-ChildItem -LiteralPath $tree -Recurse -File -Filter '*.so').Count
        (Get-BaselineLines $target | Select-Object -First 1).SHA512 | Should -Match '^[0-9A-F]{128}$'
    }
}

Describe 'Compare-SoftwareBaseline: the change test' {
    BeforeAll {
        $script:changed = Join-Path $root 'changed'
        Copy-Item -LiteralPath $tree -Destination $changed -Recurse
        # Copies keep contents but not times or inodes: record the copy, then change it.
        $script:changedReference = Join-Path $root 'changed-reference.scbl'
        $null = New-SoftwareBaseline -LiteralPath $changed -OutFile $changedReference
        $script:cleanSummary = Compare-SoftwareBaseline -ReferenceBaseline $changedReference -Summary
        Invoke-ChangeTest $changed
        $script:full = @(Compare-SoftwareBaseline -ReferenceBaseline $changedReference)
        $script:quick = @(Compare-SoftwareBaseline -ReferenceBaseline $changedReference -Quick)
        $script:summary = Compare-SoftwareBaseline -ReferenceBaseline $changedReference -Summary
        $script:after = Join-Path $root 'changed-after.scbl'
        $null = New-SoftwareBaseline -LiteralPath $changed -OutFile $after
    }

    It 'an unchanged tree compares clean with ExitCode 0' {
        $cleanSummary.ExitCode | Should -Be 0
        $cleanSummary.TotalChanges | Should -Be 0
        $cleanSummary.BaselineTrusted | Should -BeTrue
    }

    It 'finds exactly the eight changes, each with its kind' {
        Get-Findings $full | Should -Be $expected
    }

    It 'rates each change kind with its documented severity' {
        ($full | Where-Object Change -eq 'SignatureBroken').Severity | Should -Be 'Critical'
        ($full | Where-Object Change -eq 'UnsignedAdded').Severity | Should -Be 'Critical'
        ($full | Where-Object Change -eq 'SignatureRemoved').Severity | Should -Be 'Critical'
        ($full | Where-Object Change -eq 'SignerChanged').Severity | Should -Be 'Critical'
        ($full | Where-Object Change -eq 'Removed').Severity | Should -Be 'High'
        ($full | Where-Object Change -eq 'BecameExecutable').Severity | Should -Be 'High'
        ($full | Where-Object Change -eq 'UpdatedSameSigner').Severity | Should -Be 'Info'
        ($full | Where-Object Change -eq 'Moved').Severity | Should -Be 'Info'
    }

    It 'carries old and new facts and one sentence of detail' {
        $broken = $full | Where-Object Change -eq 'SignatureBroken'
        $broken.OldSignatureStatus | Should -Be 'Valid'
        $broken.NewSignatureStatus | Should -Be 'HashMismatch'
        $broken.OldHash | Should -Not -Be $broken.NewHash
        $broken.OldSize | Should -Be $broken.NewSize
        $moved = $full | Where-Object Change -eq 'Moved'
        $moved.OldPath | Should -Be $names.Rename
        $exec = $full | Where-Object Change -eq 'BecameExecutable'
        $exec.OldMode | Should -Be '0644'
        $exec.NewMode | Should -Be '0755'
        $other = $full | Where-Object Change -eq 'SignerChanged'
        $other.NewSignerThumbprint | Should -Not -Be $other.OldSignerThumbprint
        $full | ForEach-Object { $_.Detail | Should -Match '^[A-Z].*\.$' }
        $full | ForEach-Object { $_.BaselineDigest | Should -Be (Get-FileHash -LiteralPath $changedReference).Hash }
    }

    It '-Quick finds the same (every change here moves ctime)' {
        Get-Findings $quick | Should -Be $expected
    }

    It '-Quick reuses hashes of unchanged files' {
        $s = Compare-SoftwareBaseline -ReferenceBaseline $changedReference -Quick -Summary
        $s.HashesReused | Should -BeGreaterThan 100
        $s.ExitCode | Should -Be 15
    }

    It 'the summary counts each kind and gives ExitCode 15' {
        $summary.PSObject.TypeNames[0] | Should -Be 'SupplyChainTools.BaselineComparisonSummary'
        $summary.ExitCode | Should -Be 15
        $summary.Critical | Should -Be 4
        $summary.SignatureBroken | Should -Be 1
        $summary.Moved | Should -Be 1
        $summary.TotalChanges | Should -Be 8
        $summary.BaselineDigest | Should -Be (Get-FileHash -LiteralPath $changedReference).Hash
    }

    It 'baseline against baseline gives the same findings as the live comparison' {
        $vs = @(Compare-SoftwareBaseline -ReferenceBaseline $changedReference -DifferenceBaseline $after)
        Get-Findings $vs | Should -Be $expected
    }

    It 'Update-SoftwareBaseline accepts the piped changes, after which the tree compares clean' {
        $updated = Join-Path $root 'updated.scbl'
        $result = $full | Update-SoftwareBaseline -ReferenceBaseline $changedReference -OutFile $updated
        $result.Entries | Should -Be ($created.Entries)
        (Compare-SoftwareBaseline -ReferenceBaseline $updated -Summary).ExitCode | Should -Be 0
    }

    It 'Update-SoftwareBaseline accepts only what was piped in' {
        $partial = Join-Path $root 'partial.scbl'
        $null = $full | Where-Object Change -eq 'UpdatedSameSigner' | Update-SoftwareBaseline -ReferenceBaseline $changedReference -OutFile $partial
        $left = @(Compare-SoftwareBaseline -ReferenceBaseline $partial)
        Get-Findings $left | Should -Be @($expected | Where-Object { $_ -notlike '*=UpdatedSameSigner' })
    }

    It 'Update-SoftwareBaseline has no accept-everything default' {
        { Update-SoftwareBaseline -ReferenceBaseline $changedReference -OutFile (Join-Path $root 'nothing.scbl') -InputObject @() -ErrorAction Stop } | Should -Throw
        { @() | Update-SoftwareBaseline -ReferenceBaseline $changedReference -OutFile (Join-Path $root 'nothing.scbl') -ErrorAction Stop } | Should -Throw -ErrorId 'NothingToAccept,SupplyChainTools.Commands.UpdateSoftwareBaselineCommand'
    }

    It 'Update-SoftwareBaseline -Path rescans a subtree' {
        $rescanned = Join-Path $root 'rescanned.scbl'
        $null = Update-SoftwareBaseline -ReferenceBaseline $changedReference -OutFile $rescanned -Path $changed
        (Compare-SoftwareBaseline -ReferenceBaseline $rescanned -Summary).ExitCode | Should -Be 0
    }

    It 'outputs survive a serialization round trip' {
        foreach ($item in @($full[0], $summary, $created)) {
            $copy = Invoke-Roundtrip $item
            foreach ($property in $item.PSObject.Properties) {
                if ($property.Value -is [array]) {
                    # Arrays of objects (the summary's Changes) come back as deserialized objects: compare their values.
                    @($copy.($property.Name) | ForEach-Object { "$_" }) | Should -Be @($property.Value | ForEach-Object { "$_" }) -Because $property.Name
                } else {
                    $copy.($property.Name) | Should -Be $property.Value -Because $property.Name
                }
            }
        }
    }

    It 'the summary''s changes keep their values through remoting' {
        $copy = Invoke-Roundtrip $summary 2
        @($copy.Changes).Count | Should -Be $summary.Changes.Count
        foreach ($index in 0..($summary.Changes.Count - 1)) {
            $copy.Changes[$index].Change | Should -Be $summary.Changes[$index].Change
            $copy.Changes[$index].Severity | Should -Be $summary.Changes[$index].Severity
            $copy.Changes[$index].Path | Should -Be $summary.Changes[$index].Path
        }
    }

    It 'deserialized changes can still be accepted' {
        $updated = Join-Path $root 'updated-deserialized.scbl'
        $null = $full | ForEach-Object { Invoke-Roundtrip $_ } | Update-SoftwareBaseline -ReferenceBaseline $changedReference -OutFile $updated
        (Compare-SoftwareBaseline -ReferenceBaseline $updated -Summary).ExitCode | Should -Be 0
    }

    It 'formats changes as a table' {
        ($full | Format-Table | Out-String) | Should -Match 'Severity\s+Change\s+RelativePath'
    }
}

Describe 'Baseline integrity and signing' {
    BeforeAll {
        $script:small = Join-Path $root 'small'
        New-Item -ItemType Directory -Path $small | Out-Null
        1..5 | ForEach-Object { Set-Content -LiteralPath (Join-Path $small "f$_.txt") -Value "file $_" }
        $script:signer = New-TestSigningCertificate 'SupplyChainTools baseline test'
        $script:intruder = New-TestSigningCertificate 'Someone else'
        $script:signedBaseline = Join-Path $root 'signed.scbl'
        $script:signedSummary = New-SoftwareBaseline -LiteralPath $small -OutFile $signedBaseline -SigningCertificate $signer
        $script:unsignedBaseline = Join-Path $root 'unsigned.scbl'
        $null = New-SoftwareBaseline -LiteralPath $small -OutFile $unsignedBaseline
        function Copy-Baseline([string] $Name, [switch] $WithSignature) {
            $target = Join-Path $root $Name
            Copy-Item -LiteralPath $signedBaseline -Destination $target -Force
            if ($WithSignature) { Copy-Item -LiteralPath "$signedBaseline.p7s" -Destination "$target.p7s" -Force }
            return $target
        }
        $script:id = 'SupplyChainTools.Commands.CompareSoftwareBaselineCommand'
    }

    It 'signs with a detached CMS signature that the trusted signer verifies' {
        $signedSummary.Signed | Should -BeTrue
        Test-Path -LiteralPath "$signedBaseline.p7s" | Should -BeTrue
        $s = Compare-SoftwareBaseline -ReferenceBaseline $signedBaseline -TrustedSigner $signer -Summary
        $s.ExitCode | Should -Be 0
        $s.BaselineSignerThumbprint | Should -Be $signer.Thumbprint
        (Compare-SoftwareBaseline -ReferenceBaseline $signedBaseline -TrustedSigner $signer.Thumbprint -Summary).ExitCode | Should -Be 0
    }

    It 'needs one live folder per recorded root' {
        { Compare-SoftwareBaseline -ReferenceBaseline $unsignedBaseline -Path $small, $small -ErrorAction Stop } | Should -Throw -ErrorId "RootCountMismatch,$id"
        { Compare-SoftwareBaseline -ReferenceBaseline (Join-Path $root 'missing.scbl') -ErrorAction Stop } | Should -Throw -ErrorId "BaselineNotFound,$id"
        { Compare-SoftwareBaseline -ReferenceBaseline $unsignedBaseline -TrustedSigner 'not-a-thumbprint' -ErrorAction Stop } | Should -Throw -ErrorId "InvalidTrustedSigner,$id"
    }

    It 'refuses an unsigned baseline when a trusted signer is required' {
        { Compare-SoftwareBaseline -ReferenceBaseline $unsignedBaseline -TrustedSigner $signer -ErrorAction Stop } | Should -Throw -ErrorId "BaselineUnsigned,$id"
    }

    It 'refuses a truncated baseline' {
        $target = Copy-Baseline 'truncated.scbl'
        $bytes = [System.IO.File]::ReadAllBytes($target)
        [System.IO.File]::WriteAllBytes($target, $bytes[0..([int]($bytes.Length * 0.6))])
        { Compare-SoftwareBaseline -ReferenceBaseline $target -ErrorAction Stop } | Should -Throw -ErrorId "BaselineTruncated,$id"
    }

    It 'refuses a baseline with one byte changed' {
        $target = Copy-Baseline 'corrupted.scbl'
        $text = [System.IO.File]::ReadAllText($target)
        [System.IO.File]::WriteAllText($target, $text.Replace('"size":7', '"size":8'))
        { Compare-SoftwareBaseline -ReferenceBaseline $target -ErrorAction Stop } | Should -Throw -ErrorId "BaselineModified,$id"
    }

    It 'refuses a hand-edited baseline whose trailer was recomputed: the signature no longer matches' {
        $target = Copy-Baseline 'edited.scbl' -WithSignature
        $lines = [System.IO.File]::ReadAllLines($target)
        $lines[1] = $lines[1] -replace '"SHA256":"[0-9A-F]{64}"', ('"SHA256":"' + ('A' * 64) + '"')
        [System.IO.File]::WriteAllText($target, ($lines -join "`n") + "`n")
        Set-Trailer $target
        { Compare-SoftwareBaseline -ReferenceBaseline $target -TrustedSigner $signer -ErrorAction Stop } | Should -Throw -ErrorId "BaselineSignatureInvalid,$id"
        # Even without -TrustedSigner a signature that is present is checked.
        { Compare-SoftwareBaseline -ReferenceBaseline $target -ErrorAction Stop } | Should -Throw -ErrorId "BaselineSignatureInvalid,$id"
    }

    It 'refuses a baseline re-signed by another key' {
        $target = Join-Path $root 'resigned.scbl'
        $null = New-SoftwareBaseline -LiteralPath $small -OutFile $target -SigningCertificate $intruder
        { Compare-SoftwareBaseline -ReferenceBaseline $target -TrustedSigner $signer -ErrorAction Stop } | Should -Throw -ErrorId "BaselineSignerMismatch,$id"
    }

    It 'refuses a baseline of another schema version' {
        $target = Copy-Baseline 'schema3.scbl'
        $lines = [System.IO.File]::ReadAllLines($target)
        $lines[0] = $lines[0].Replace('"schemaVersion":2', '"schemaVersion":3')
        [System.IO.File]::WriteAllText($target, ($lines -join "`n") + "`n")
        Set-Trailer $target
        { Compare-SoftwareBaseline -ReferenceBaseline $target -ErrorAction Stop } | Should -Throw -ErrorId "BaselineUnsupportedSchemaVersion,$id"
    }

    It 'a scheduled run with -Summary that catches the refusal gets ExitCode 16' {
        $target = Copy-Baseline 'scheduled.scbl'
        $text = [System.IO.File]::ReadAllText($target)
        [System.IO.File]::WriteAllText($target, $text.Replace('f1.txt', 'f0.txt'))
        $exitCode = $null
        try {
            Compare-SoftwareBaseline -ReferenceBaseline $target -Summary -ErrorAction Stop
        } catch {
            $_.FullyQualifiedErrorId | Should -Be "BaselineModified,$id"
            $exitCode = $_.TargetObject.ExitCode
            $_.TargetObject.BaselineTrusted | Should -BeFalse
            $_.TargetObject.BaselineProblem | Should -Match 'refused'
        }
        $exitCode | Should -Be 16
    }

    It 'Update-SoftwareBaseline of a signed baseline requires the signing certificate' {
        Set-Content -LiteralPath (Join-Path $small 'f1.txt') -Value 'changed'
        $changes = @(Compare-SoftwareBaseline -ReferenceBaseline $signedBaseline -TrustedSigner $signer)
        $changes.Count | Should -Be 1
        { $changes | Update-SoftwareBaseline -ReferenceBaseline $signedBaseline -OutFile (Join-Path $root 'u1.scbl') -ErrorAction Stop } | Should -Throw -ErrorId 'SigningCertificateRequired,SupplyChainTools.Commands.UpdateSoftwareBaselineCommand'
        $target = Join-Path $root 'u2.scbl'
        $result = $changes | Update-SoftwareBaseline -ReferenceBaseline $signedBaseline -OutFile $target -SigningCertificate $signer
        $result.Signed | Should -BeTrue
        (Compare-SoftwareBaseline -ReferenceBaseline $target -TrustedSigner $signer -Summary).ExitCode | Should -Be 0
        { $changes | Update-SoftwareBaseline -ReferenceBaseline $signedBaseline -OutFile (Join-Path $root 'u3.scbl') -SigningCertificate $intruder -ErrorAction Stop } | Should -Throw -ErrorId 'BaselineSignerMismatch,SupplyChainTools.Commands.UpdateSoftwareBaselineCommand'
    }
}

Describe 'Robustness' {
    BeforeAll {
        $script:odd = Join-Path $root 'odd'
        New-Item -ItemType Directory -Path (Join-Path $odd 'sub') -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $odd "new`nline.txt") -Value 'newline'
        Set-Content -LiteralPath (Join-Path $odd 'quote"and''apostrophe.txt') -Value 'quotes'
        [System.IO.File]::WriteAllText("$odd/back\slash.txt", 'backslash')
        Set-Content -LiteralPath (Join-Path $odd 'sub/inner.txt') -Value 'inner'
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $odd 'sub/loop') -Target $odd
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $odd 'dangling') -Target (Join-Path $odd 'nowhere')
        # A name that is not valid UTF-8, made by a tool that writes raw bytes.
        & /bin/sh -c "printf x > '$odd/'`$(printf 'bad\377name')"
        $script:oddBaseline = Join-Path $root 'odd.scbl'
        $script:oddSummary = New-SoftwareBaseline -LiteralPath $odd -OutFile $oddBaseline -ErrorVariable oddErrors -ErrorAction SilentlyContinue
        $script:oddErrors = $oddErrors
        $script:oddEntries = @(Get-BaselineLines $oddBaseline)
    }

    It 'records names with newlines, quotes and backslashes losslessly' {
        $oddEntries.path | Should -Contain "new`nline.txt"
        $oddEntries.path | Should -Contain 'quote"and''apostrophe.txt'
        $oddEntries.path | Should -Contain 'back\slash.txt'
        (Compare-SoftwareBaseline -ReferenceBaseline $oddBaseline -Summary).ExitCode | Should -Be 0
    }

    It 'records symbolic links as links without following them (no loop)' {
        $loop = $oddEntries | Where-Object path -eq 'sub/loop'
        $loop.type | Should -Be 'symlink'
        $loop.target | Should -Be $odd
        ($oddEntries | Where-Object path -eq 'dangling').type | Should -Be 'symlink'
        $oddEntries.path | Should -Not -Contain 'sub/loop/sub/inner.txt'
    }

    It 'keeps an entry whose name is not valid UTF-8, with an error, and says so' {
        $bad = @($oddEntries | Where-Object { $_.pathLossy })
        $bad.Count | Should -Be 1
        $bad[0].error | Should -Match 'UTF-8'
        $oddSummary.Errors | Should -Be 1
        @($oddErrors | Where-Object { $_.FullyQualifiedErrorId -like 'BaselineEntryIncomplete,*' }).Count | Should -Be 1
    }

    It 'records an unreadable file with an error instead of dropping it' {
        if ([Environment]::UserName -eq 'root') {
            Set-ItResult -Skipped -Because 'root can read a file whatever its mode'
            return
        }
        $folder = Join-Path $root 'unreadable'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $file = Join-Path $folder 'secret.bin'
        Set-Content -LiteralPath $file -Value 'secret'
        [System.IO.File]::SetUnixFileMode($file, [System.IO.UnixFileMode]::None)
        $target = Join-Path $root 'unreadable.scbl'
        $null = New-SoftwareBaseline -LiteralPath $folder -OutFile $target -ErrorAction SilentlyContinue
        (Get-BaselineLines $target | Where-Object path -eq 'secret.bin').error | Should -Match 'could not be read'
    }

    It 'reports a change of symlink target and a file that became a symlink' {
        $folder = Join-Path $root 'links'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'a.txt') -Value 'a'
        Set-Content -LiteralPath (Join-Path $folder 'b.txt') -Value 'b'
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'link') -Target 'a.txt'
        $target = Join-Path $root 'links.scbl'
        $null = New-SoftwareBaseline -LiteralPath $folder -OutFile $target
        Remove-Item -LiteralPath (Join-Path $folder 'link')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'link') -Target 'b.txt'
        Remove-Item -LiteralPath (Join-Path $folder 'b.txt')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'b.txt') -Target 'a.txt'
        $findings = Get-Findings (Compare-SoftwareBaseline -ReferenceBaseline $target)
        $findings | Should -Be @('b.txt=TypeChanged', 'link=ContentChanged')
    }

    It 'gives one finding per path, not one per file, for a directory permission change' {
        $folder = Join-Path $root 'perm'
        New-Item -ItemType Directory -Path (Join-Path $folder 'd') -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'd/x.txt') -Value 'x'
        $target = Join-Path $root 'perm.scbl'
        $null = New-SoftwareBaseline -LiteralPath $folder -OutFile $target
        [System.IO.File]::SetUnixFileMode((Join-Path $folder 'd'), [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupWrite, GroupExecute, OtherRead, OtherWrite, OtherExecute')
        Get-Findings (Compare-SoftwareBaseline -ReferenceBaseline $target) | Should -Be @('d=PermissionsChanged')
    }
}
