#!/usr/bin/perl
# Reference peer for the benchmark: Perl's Net::LDAP::LDIF merely reading
# every record of an LDIF file (Debian package libnet-ldap-perl).
use strict;
use warnings;
use Net::LDAP::LDIF;

my $ldif = Net::LDAP::LDIF->new($ARGV[0], "r", onerror => 'undef');
my $n = 0;
while (not $ldif->eof()) {
	my $entry = $ldif->read_entry();
	$n++ if defined $entry;
}
$ldif->done();
print "$n\n";
