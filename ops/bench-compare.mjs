// bench-compare.mjs: ops/bench-compare.sh's helper. "fill BASE": through forumd's own forms, registers 50 members, posts a dilemma with 30 replies (tagged, some anonymous, some marked helpful) and a second dilemma for 19 of them to post replies to; prints what the bench needs as JSON (the signed-in readers: all 50, the asker, 30 repliers, voters and bystanders). "storm BASE SECONDS": 50 logins at once, again and again, for SECONDS; prints the answers' statuses.
import { Member, newMember, postDilemma, postReply, LONG_BODY } from '../tests/integration/members.mjs';

const MEMBERS = 50;
const REPLIES = 30;
const SPECIALTIES = ['critical-care', 'cardiac', 'emergency', 'med-surg', 'oncology', 'pediatrics',
	'labor-delivery', 'psych', 'home-health', 'hospice-palliative'];
const REPLY = 'I would thank them warmly and explain that our policy does not let us accept cash, '
	+ 'then suggest a card for the whole team. **Boundaries protect the patient too**: see '
	+ '[the guidance](https://example.org/guidance).';

const [mode, base, arg] = process.argv.slice(2);
const handleOf = (i) => `bench_member_${i}`;
const passwordOf = (handle) => `correct horse battery staple ${handle}`.split('').reverse().join('');

async function registerAll() {
	const members = [];
	for (let i = 0; i < MEMBERS; i += 5) {  // five at a time: Argon2id is the slow part
		const batch = [];
		for (let j = i; j < Math.min(i + 5, MEMBERS); j++)
			batch.push(newMember(base, { handle: handleOf(j), cred: ['BSN', 'RN'],
				specialties: [SPECIALTIES[j % SPECIALTIES.length], SPECIALTIES[(j + 3) % SPECIALTIES.length]] }));
		members.push(...await Promise.all(batch));
	}
	return members;
}

async function fill() {
	const members = await registerAll();
	const thread = await postDilemma(members[0], { title: 'A family offered me cash after a long admission',
		body: LONG_BODY, topics: ['gifts-money'] });
	const replyIds = [];
	for (let i = 1; i <= REPLIES; i++) {
		const m = members[i];
		replyIds.push(await postReply(m, thread, `${REPLY} (${i})`, { anonymous: i % 4 === 0 }));
	}
	for (let i = 0; i < replyIds.length; i += 3)  // some replies marked helpful by others
		for (let v = 31; v < 31 + (i % 5); v++) {
			const voter = members[v];
			await voter.get(thread);
			await voter.post(`/p/${replyIds[i]}/helpful`, {});
		}
	const reader = members[REPLIES];  // replied in the thread: their own post's links, votes
	await reader.get(thread);
	const postTo = await postDilemma(members[MEMBERS - 1], { title: 'Where replies are posted during the bench',
		body: LONG_BODY, topics: ['gifts-money'] });
	const posters = members.slice(REPLIES + 1);  // each posts a share: no one member's thousands
	for (const p of posters) await p.get(postTo);
	for (const m of members) await m.get(thread);  // read marks written before the bench
	console.log(JSON.stringify({ thread, cookie: reader.cookieHeader(), post_to: postTo,
		readers: members.map((m) => m.cookieHeader()),
		posters: posters.map((p) => ({ cookie: p.cookieHeader(), csrf: p.csrf })) }));
}

async function loginOnce(i, counts) {
	const m = new Member(base);
	await m.get('/login');
	// each member from an address of its own (forumd trusts X-Forwarded-For here): one client
	// may have only POOL_PER_CLIENT logins hashing, and the storm is 50 people's logins
	const r = await m.post('/login', { handle: handleOf(i), password: passwordOf(handleOf(i)) },
		{ extra: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
	counts[r.status] = (counts[r.status] ?? 0) + 1;
}

async function storm(seconds) {
	const until = Date.now() + seconds * 1000;
	const counts = {};
	await Promise.all(Array.from({ length: MEMBERS }, async (_, i) => {
		while (Date.now() < until) await loginOnce(i, counts);
	}));
	console.log(Object.entries(counts).map(([s, n]) => `${n}×${s}`).join(' '));
}

if (mode === 'fill') await fill();
else if (mode === 'storm') await storm(Number(arg));
else {
	console.error('usage: node ops/bench-compare.mjs fill BASE | storm BASE SECONDS');
	process.exit(2);
}
